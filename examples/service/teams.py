"""Team rosters: service layer, which raises domain errors, not HTTP ones."""

from fastapi import HTTPException

from .errors import NotFoundError

TEAMS: dict[str, list[str]] = {"avengers": ["Deadpond", "Spider-Boy"]}


def team_members(name: str) -> list[str]:
    members = TEAMS.get(name)
    if members is None:
        raise HTTPException(404, "team not found")  # expect: PX402
    return members


# Fixed: a domain error; app.py maps every ServiceError to its status code
# with @app.exception_handler, so this function works outside a request too.
def get_team_members(name: str) -> list[str]:
    members = TEAMS.get(name)
    if members is None:
        raise NotFoundError(f"team {name} not found")
    return members
