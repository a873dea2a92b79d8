"""The pure core: the concept model, names and queries, the one resolver, the
configuration and the problems found in sources.

Nothing here imports Sphinx or docutils (``tests/test_pure_core.py`` walks this
folder to make sure), so the command line and the Sphinx layer share every rule.
"""
