# A MyST project as real ones are set up: furo, autodoc on the project's own
# module, `default_role = "any"`, pages, labels and objects named like the
# concepts that test_dropin.py adds (Hashing, Slotted Classes, Frozen).
import os
import sys

sys.path.insert(0, os.path.abspath("."))

project = "Shapes"
extensions = ["myst_parser", "sphinx.ext.autodoc"]
exclude_patterns = ["_build"]
default_role = "any"
html_theme = "furo"
today = "1 January 2026"
