project = "sample"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["_build", "concepts/**"]
