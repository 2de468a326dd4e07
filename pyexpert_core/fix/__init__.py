"""``pyexpert fix``: autofixes driven by the findings of both plugins (see :mod:`.engine`).

Needs libcst (``pip install 'flake8-pyexpert[fix]'``); nothing else in the project imports it,
and neither plugin imports this package.
"""
