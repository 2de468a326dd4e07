"""Heroes: a small FastAPI + SQLModel service used to demonstrate pyexpert.

Each PX1 violation is marked on its line with ``# expect: PXnnn``, and the
corrected version sits right beside it. See ``examples/README.md``.
"""
