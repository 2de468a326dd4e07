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


# PX401: this one escapes the hierarchy, so the handler in ``app.py`` never
# maps it and a client sees a bare 500.
class QuotaExceeded(RuntimeError):  # expect: PX401
    pass


# Fixed: still a RuntimeError for callers that catch that, and a ServiceError
# for the handler.
class RateLimited(ServiceError, RuntimeError):
    status_code = 429
