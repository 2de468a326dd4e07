"""Client of the external profile API (its ``httpx.AsyncClient``: app.py)."""

from typing import Any

import httpx
from pydantic import ValidationError

from .errors import UpstreamError
from .models import Profile


class ProfileClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    async def fetch(self, email: str) -> dict[str, Any]:  # expect: PX102
        response = await self._http.get("/profiles", params={"email": email})
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    # Fixed: the payload is validated into a model where it enters the service.
    async def fetch_profile(self, email: str) -> Profile:
        response = await self._http.get("/profiles", params={"email": email})
        try:
            response.raise_for_status()
            return Profile.model_validate_json(response.content)
        except (httpx.HTTPStatusError, ValidationError) as exc:
            raise UpstreamError(f"profile API: {exc}") from exc
