"""Domain errors: the service layer raises them, ``app.py`` maps them."""

from typing import ClassVar


class ServiceError(Exception):
    status_code: ClassVar[int] = 400


class NotFoundError(ServiceError):
    status_code = 404


class ConflictError(ServiceError):
    status_code = 409


class UpstreamError(ServiceError):
    status_code = 502
