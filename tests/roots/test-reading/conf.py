project = "reading"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["concepts/**", "_build"]
html_theme = "alabaster"
concepts_default_target_audience = "Manager"
concepts_audience_labels = {"software engineer": "Engineers"}
