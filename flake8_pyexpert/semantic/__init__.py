"""The semantic model of one checked file, one module per concern.

* :mod:`.model`: :class:`SemanticModel`, what the checks ask questions of, kept up to date by
  the runner's single walk (names, scopes, parents, exception handlers, classes);
* :mod:`.tree`: the shape of the syntax tree (child fields, iterative walks, node helpers);
* :mod:`.scopes`: scopes and the names they bind;
* :mod:`.classes`: class facts (pydantic model, settings, ``pydantic.v1``, ``TypedDict``);
* :mod:`.fastapi`: route handlers and the FastAPI wiring of a module (loaded on first use);
* :mod:`.values`: what a name holds (PX3);
* :mod:`.annotations`: reading annotations (unions, dict types, class fields);
* :mod:`.imports`: a cheap filter of names imported as some API;
* :mod:`.libraries`: the qualified names of the library APIs the rules recognise;
* :mod:`.file`: the file's role, project and compatibility branches.
"""

from __future__ import annotations

from flake8_pyexpert.semantic.classes import ClassInfo
from flake8_pyexpert.semantic.file import FileFacts
from flake8_pyexpert.semantic.imports import ImportedNames
from flake8_pyexpert.semantic.model import SemanticModel
from flake8_pyexpert.semantic.scopes import Scope, ScopeKind
from flake8_pyexpert.semantic.tree import CHILD_FIELDS, FunctionNode, child_fields, scope_nodes

__all__ = [
    "CHILD_FIELDS",
    "ClassInfo",
    "FileFacts",
    "FunctionNode",
    "ImportedNames",
    "Scope",
    "ScopeKind",
    "SemanticModel",
    "child_fields",
    "scope_nodes",
]
