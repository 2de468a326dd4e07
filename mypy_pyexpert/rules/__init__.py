"""mypy rule implementations, one module per rule or tight family."""
