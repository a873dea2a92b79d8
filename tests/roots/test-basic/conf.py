extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["concepts/**"]
concepts_default_target_audience = "Manager"
