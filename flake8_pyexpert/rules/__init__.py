"""The flake8 checks, one module per rule (or tight family): ``pxNNN_<name>.py``.

Every :class:`~flake8_pyexpert.runner.Check` subclass defined in a module of this package that
names catalog rules in ``rules`` is run; nothing lists them.
"""
