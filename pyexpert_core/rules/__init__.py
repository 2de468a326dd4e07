"""The catalog entries, one module per family (``px1.py`` ...).

Every module-level :class:`~pyexpert_core.catalog.Rule` in a module of this package is a rule:
the registry discovers them, nothing else lists them.
"""
