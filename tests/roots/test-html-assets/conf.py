# One card and one reference: enough to see which builders get the stylesheet.
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["_build"]
project = "HTML assets"
