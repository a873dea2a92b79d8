project = "features"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["concepts/**", "_build"]
concepts_default_target_audience = "Managers"
concepts_wanted_page = True
graphviz_output_format = "svg"
