project = "Card Corner Cases"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["_build"]
concepts_default_specialist_role = "Language Lawyer"
