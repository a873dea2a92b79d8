# A reStructuredText-only project with alabaster and Markdown files in the tree
# that are not documents (no myst_parser): a README, a changelog.
project = "Widgets"
extensions = ["sphinx.ext.autodoc"]
source_suffix = ".rst"
exclude_patterns = ["_build"]
html_theme = "alabaster"
today = "1 January 2026"
