project = "cards"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["concepts/**", "_build"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
concepts_default_target_audience = "Product Owner"
concepts_default_specialist_role = "Data Scientist"
