# Appended to the project's conf.py by tests/test_dropin.py.
# ruff: noqa: F821
extensions.append("sphinx_concepts")
