"""Account lookups: a route that leaked every column, and its fix.

``User`` is the ``table=True`` model: it carries ``hashed_password``. A
route whose response type is ``User`` sends that hash to every client (and
documents it in the OpenAPI schema).
"""

from fastapi import APIRouter, HTTPException, status

from . import repository
from .db import SessionDep
from .models import User, UserRead

router = APIRouter(prefix="/accounts", tags=["accounts"])


def _account(session: SessionDep, email: str) -> User:
    user = repository.get_user_by_email(session, email)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_404_NOT_FOUND, detail="no such account"
        )
    return user


@router.get("/raw/{email}")
def read_account_raw(email: str, session: SessionDep) -> User:  # expect: PX502
    """The first version: the row itself, hashed_password included."""
    return _account(session, email)


# Fixed: the read model is the response type; FastAPI filters the row
# through it, so only UserRead's fields leave the server.
@router.get("/{email}", response_model=UserRead)
def read_account(email: str, session: SessionDep) -> User:
    return _account(session, email)
