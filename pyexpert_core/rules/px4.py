"""PX4 - Exception hierarchy."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem
from pyexpert_core.roles import APP_ONLY

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

# -- PX402 http-exception-outside-api --------------------------------------------------------

HTTP_EXCEPTION_OUTSIDE_API = Rule(
    code="PX402",
    name="http-exception-outside-api",
    summary="HTTPException is raised outside the API layer",
    message=(
        "HTTPException raised in {function} outside the API layer; "
        "raise a domain error and map it to a response with @app.exception_handler"
    ),
    rationale=(
        "`HTTPException` is the web layer's way of ending a request. Raised from a service or "
        "repository module, it ties business logic to HTTP: the code can no longer be reused "
        "from a CLI, a worker or a test without FastAPI, status codes are decided far from the "
        "routes, and the API's error contract is scattered over the code base. Raise a domain "
        "error (`class NotFoundError(AppError)`) and translate it once, in the API layer, with "
        "`@app.exception_handler(NotFoundError)`.\n\n"
        "Flagged: `raise HTTPException(...)` and `raise HTTPException` (`fastapi.HTTPException`, "
        "`fastapi.exceptions.HTTPException`, `starlette.exceptions.HTTPException`, through any "
        "import alias) in a module that is not API layer. A module is API layer when it defines "
        "a route handler, creates a `FastAPI()`/`APIRouter()`/`Starlette()`, uses "
        "`Depends(...)`/`Security(...)` anywhere, or registers an exception handler. The rule "
        "errs on the side of silence; these are never flagged:\n\n"
        "- raises in functions that FastAPI calls itself: dependencies (named in `Depends`/"
        "`Security` in the module), middleware (`@app.middleware`, `BaseHTTPMiddleware` "
        "subclasses, any function with a `call_next` parameter), exception handlers, lifespan "
        "functions;\n"
        "- raises in dependency factories: a function that returns a nested function raising "
        "`HTTPException`, used as `Depends(factory(...))` (`require_role(\"admin\")`), and the "
        "nested function itself;\n"
        "- raises in functions that look injected even though the wiring is in another module "
        "(a `deps.py` whose functions are used as `Depends(...)` elsewhere): a parameter "
        "annotated with a fastapi/starlette type (`request: Request`, `WebSocket`, `UploadFile`, "
        "security credentials; also inside `Annotated`/`Optional`), a default or `Annotated` "
        "metadata that is `Depends/Security/Header/Query/Path/Cookie/Body/Form/File(...)`;\n"
        "- modules that import any fastapi/starlette name other than `HTTPException`, `status`, "
        "the `exceptions` modules, `encoders` and `concurrency` (importing `Request`, "
        "`Depends`, `APIRouter`, `fastapi.security`, responses or middleware means the module "
        "belongs to the web layer);\n"
        "- modules whose path says they are the web layer: a directory named `api`, `apis`, "
        "`routers`, `routes`, `endpoints`, `views`, `controllers`, `handlers`, `dependencies`, "
        "`deps`, `middleware(s)`, `web` or `http`, or a file named like one of those (also "
        "`security.py`, `auth.py`, `*_deps.py`, `*_dependencies.py`, `*_router(s).py`, "
        "`*_routes.py`, `*_views.py`, `*_endpoints.py`); test files (`test_*.py`, "
        "`*_test.py`, `conftest.py`);\n"
        "- helpers named for HTTP (`get_or_404`, `http_error`): a name with an `http` or "
        "`4xx`/`or_4xx` part;\n"
        "- subclasses of `HTTPException` and re-raising a caught exception (`raise`, `raise exc`)."
    ),
    bad=(
        "from fastapi import HTTPException\n"
        "\n"
        "USERS = {1: \"ada\"}\n"
        "\n"
        "\n"
        "def get_user_name(user_id: int) -> str:\n"
        "    name = USERS.get(user_id)\n"
        "    if name is None:\n"
        "        raise HTTPException(status_code=404, detail=\"user not found\")\n"
        "    return name\n"
    ),
    good=(
        "USERS = {1: \"ada\"}\n"
        "\n"
        "\n"
        "class NotFoundError(Exception):\n"
        "    \"\"\"Mapped to 404 by @app.exception_handler(NotFoundError) in the API layer.\"\"\"\n"
        "\n"
        "\n"
        "def get_user_name(user_id: int) -> str:\n"
        "    name = USERS.get(user_id)\n"
        "    if name is None:\n"
        "        raise NotFoundError(f\"user {user_id} not found\")\n"
        "    return name\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ERRORS,
    applies_to=APP_ONLY,
    references=(
        "https://fastapi.tiangolo.com/tutorial/handling-errors/#install-custom-exception-handlers",
        "https://github.com/zhanymkanov/fastapi-best-practices",
    ),
)

# -- PX401 exception-outside-hierarchy ---------------------------------------------------------

EXCEPTION_BASES = RuleOption(
    name="exception_bases",
    type="list of fully qualified class names",
    default="unset (the rule is off)",
    description=(
        "The project's base exception classes, e.g. `exception_bases = app.errors.AppError`. "
        "Comma-separated in the `[pyexpert-mypy]` section of mypy.ini/setup.cfg, a list in "
        "`[tool.pyexpert-mypy]` of pyproject.toml. A name that is not dotted stops mypy with a "
        "one-line error; a name whose module is part of the run but has no such class stops it "
        "with one blocking error the first time an exception class is checked."
    ),
)

EXCEPTION_OUTSIDE_HIERARCHY = Rule(
    code="PX401",
    name="exception-outside-hierarchy",
    summary="An exception class does not derive from the project's base exception",
    message="Exception '{name}' is outside the project's exception hierarchy; derive it from {expected}",
    rationale=(
        "A service that raises its own errors needs one place to catch them: an "
        "`@app.exception_handler(AppError)` that maps every domain error to a response, a "
        "worker loop that retries only the project's errors, a CLI that prints them without a "
        "traceback. An exception class that derives from `ValueError` or `Exception` directly "
        "escapes every one of those handlers, and nobody notices until it reaches production as "
        "a 500. Derive it from the project's base; it can still inherit a built-in exception "
        "too (`class NotFound(AppError, LookupError)`), so existing `except LookupError:` "
        "clauses keep working.\n\n"
        "The rule is off until the option `exception_bases` names the base classes. It uses "
        "the real method resolution order, so indirect inheritance counts: a subclass of a "
        "subclass of `LookupError` in another module is flagged, and a class that reaches a "
        "configured base through any chain of bases is clean.\n\n"
        "Flagged: a class in the checked code whose MRO contains `BaseException` but none of "
        "the configured bases. Not flagged: the configured bases themselves, `Warning` "
        "subclasses (warnings are not errors), classes that also inherit a configured base, "
        "classes with a base mypy cannot resolve (`Any`), and classes in stubs or installed "
        "packages."
    ),
    bad=(
        "class AppError(Exception):\n"
        '    """Base of every error this service raises."""\n'
        "\n"
        "\n"
        "class NotFound(LookupError):\n"
        '    """A record does not exist."""\n'
    ),
    good=(
        "class AppError(Exception):\n"
        '    """Base of every error this service raises."""\n'
        "\n"
        "\n"
        "class NotFound(AppError, LookupError):\n"
        '    """A record does not exist."""\n'
    ),
    example_config="exception_bases = {module}.AppError",
    checker=Checker.MYPY,
    standard=StandardItem.ERRORS,
    applies_to=APP_ONLY,
    options=(EXCEPTION_BASES,),
    references=(
        "https://docs.python.org/3/tutorial/errors.html#user-defined-exceptions",
        "https://fastapi.tiangolo.com/tutorial/handling-errors/#install-custom-exception-handlers",
    ),
)
