project = "refs"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["concepts/**", "_build"]
concepts_default_target_audience = "Managers"
