# The SPEC 4 resolution order, for the command line and a build (test_cli.py);
# the tests set concepts_default_target_audience or leave it unset.
project = "resolution"
extensions = ["myst_parser", "sphinx_concepts"]
exclude_patterns = ["_build", "concepts/**"]
