"""Types shared across the service."""

from typing import Any

# A decoded JSON object as it comes off the wire. The alias hides the raw dict
# from a reader (and from a linter that only reads source text); mypy sees it,
# and reports it once, here, rather than at each use.
JSONDict = dict[str, Any]  # expect: PX107
