"""Sphinx configuration of the sphinx-concepts documentation, built with itself."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import sphinx_concepts

HERE = Path(__file__).parent
# The local extension that generates the reference tables from the code.
sys.path.insert(0, str(HERE / "_ext"))

project = "sphinx-concepts"
author = "sphinx-concepts developers"
copyright = "sphinx-concepts developers"
release = version = sphinx_concepts.__version__

extensions = ["myst_parser", "sphinx_concepts", "concepts_reference"]

myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
# Targets like `(pdf-restyle)=` are linked from other pages with {ref}.
myst_heading_anchors = 3

# Concept sources are read by the `concept` directive, not as pages of their own.
exclude_patterns = ["_build", "concepts/**"]

# The docs' own concepts are written by data engineers unless they say otherwise;
# a reference without an audience opens the product managers' variant.
concepts_default_specialist_role = "Data Engineer"
concepts_default_target_audience = "Product Manager"
# howto/bulk-import.md reads `glossary/*.yaml` from here.
concepts_paths = ["concepts"]
# howto/audience-variants.md links to an audience nobody wrote for, on purpose, to
# show where such a link lands; `sphinx-concepts check docs` would list it.
suppress_warnings = ["concept.fallback"]

# furo comes with the `docs` extra (pip install -e ".[docs]"); CI may build without it.
html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = f"sphinx-concepts {release}"

latex_documents = [
    ("index", "sphinx-concepts.tex", "sphinx-concepts", author, "manual"),
]
