"""PX207 secret-as-plain-str: ``password: str`` in a pydantic model; use ``SecretStr``.

Flagged: a field of a pydantic model class (an annotated name directly in the class body; not
private, not ``ClassVar``) whose name matches ``--pyexpert-secret-field-pattern`` (searched,
case-insensitively: ``SECRET_KEY`` in a settings class is a secret) and whose annotation is
``str`` or ``bytes`` (``typing.Text`` too), possibly ``Optional[...]``/``... | None``/
``Union[..., None]``, inside ``Annotated[...]``, or written as a string. With or without a value.

Not flagged, whatever the pattern:

* names with a ``hash`` in them (``hashed_password``, ``password_hash``): derived, not secret;
* names ending ``_id _url _name _type _count _expires _expires_at``: about a secret, not one;
* any other annotation (``SecretStr``, ``int``, ``str | int``, a model, ``list[str]``);
* a field of a *response model*: a class whose name, once a trailing ``DTO``, ``Schema`` or
  ``Model`` is dropped, ends in ``Out``, ``Read``, ``Response``, ``Public`` or ``Token``
  (``TokenOut``, ``LoginResponseDTO``, ``ApiKeyRead``), or that a route of the module names in
  ``response_model=`` or its return annotation, or a base of the module such a class inherits
  (its fields are the response's). A response hands the secret to its owner (an
  OAuth2 token, a new API key, a settings form an admin edits) as a plain string by design:
  ``SecretStr`` would send ``'**********'``;
* a field of a *read model*: a class configured with ``from_attributes=True`` (v1:
  ``orm_mode = True``), itself or through a base of the module. It mirrors a row to be read
  back: what the row holds (a password hash, an encrypted secret) or hands to its owner (a
  user's API key, a provider's tokens), not a secret that arrives as input;
* a field declared ``Field(..., repr=False, exclude=True)``: kept out of ``repr()`` and of
  every dump already;
* fields of a SQLModel ``table=True`` class: a database column, and ``SecretStr`` is no column
  type (storing a plain secret in a table is a different problem).
"""

from __future__ import annotations

import ast
import re
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.annotations import class_field, union_members
from flake8_pyexpert.semantic.pydantic import reads_attributes
from flake8_pyexpert.semantic.tree import module_statements, unsubscript
from pyexpert_core.metadata import SECRET_AS_PLAIN_STR

__all__ = ["SecretAsPlainStr"]

_STRING_TYPES: Final[dict[str, tuple[str, str]]] = {
    "builtins.str": ("str", "SecretStr"),
    "typing.Text": ("str", "SecretStr"),
    "typing_extensions.Text": ("str", "SecretStr"),
    "builtins.bytes": ("bytes", "SecretBytes"),
}
_NOT_SECRET_ENDINGS: Final = ("_id", "_url", "_name", "_type", "_count", "_expires", "_expires_at")
_RESPONSE_CLASS: Final = ("Out", "Read", "Response", "Public", "Token")
_CLASS_SUFFIX: Final = r"(?:DTO|Dto|Schema|Model)$"  # a pattern: re compiles it on first use


def _hidden(value: ast.expr | None) -> bool:
    """``Field(..., repr=False, exclude=True)``: neither printed nor dumped."""
    if not isinstance(value, ast.Call):
        return False
    flags = {k.arg: k.value.value for k in value.keywords if k.arg and isinstance(k.value, ast.Constant)}
    return flags.get("repr") is False and flags.get("exclude") is True


def _is_table_model(node: ast.ClassDef) -> bool:
    return any(
        k.arg == "table" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
    )


class SecretAsPlainStr(Check):
    rules = (SECRET_AS_PLAIN_STR,)

    _response_bases: frozenset[str] | None = None

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not isinstance(node.target, ast.Name):
            return
        name = node.target.id
        if not self.settings.secret_field_pattern.search(name):
            return
        lowered = name.lower()
        if "hash" in lowered or lowered.endswith(_NOT_SECRET_ENDINGS):
            return
        found = class_field(self.model, node)
        if found is None:
            return
        cls = found[0]
        if _is_table_model(cls):
            return
        if re.sub(_CLASS_SUFFIX, "", cls.name).endswith(_RESPONSE_CLASS):
            return
        if _hidden(node.value) or self._in_response_model(cls):
            return
        info = self.model.class_info(cls)
        if info is not None and reads_attributes(info):
            return  # a read model: what a row holds (a hash, a token handed to its owner)
        members, _ = union_members(self.model, node.annotation)
        kinds = {_STRING_TYPES.get(self.model.resolve(member) or "") for member in members}
        if len(kinds) != 1:
            return
        kind = kinds.pop()
        if kind is None:
            return
        self.report(node.target, SECRET_AS_PLAIN_STR, field=name, type=kind[0], replacement=kind[1])

    def _in_response_model(self, cls: ast.ClassDef) -> bool:
        """``cls`` is a response model of the module, or a class of the module that one inherits
        from (its fields are the response's fields; the response may be defined further down)."""
        names = self.model.fastapi.facts.response_models
        if cls.name in names:
            return True
        if self._response_bases is None:
            classes = {
                stmt.name: stmt for stmt in module_statements(self.model.tree) if isinstance(stmt, ast.ClassDef)
            }
            found: set[str] = set()
            todo = [classes[name] for name in names if name in classes]
            while todo:
                current = todo.pop()
                for base in current.bases:
                    base = unsubscript(base)
                    if isinstance(base, ast.Name) and base.id in classes and base.id not in found:
                        found.add(base.id)
                        todo.append(classes[base.id])
            self._response_bases = frozenset(found)
        return cls.name in self._response_bases
