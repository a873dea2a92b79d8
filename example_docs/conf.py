# Sphinx configuration for the "Understanding Transformers" example site.
#
# Build it with:  sphinx-build -b html . _build/html

project = "Understanding Transformers"
author = "The sphinx-concepts authors"

extensions = [
    "myst_parser",  # lets us write pages (and concept texts) in Markdown
    "sphinx_concepts",  # the `concept` directive and role, and the concept index
]

# MyST extras used in the concept texts: ::: fences and $...$ math.
myst_enable_extensions = ["colon_fence", "dollarmath"]

# Concept sources are read by the `concept` directive, not as pages of their own.
exclude_patterns = ["_build", "concepts/**"]

# Most explanations here were written by an ML engineer for managers; sources and
# directives that say otherwise override these defaults.
concepts_default_target_audience = "Manager without much technical background"
concepts_default_specialist_role = "ML Engineer"

html_theme = "alabaster"

# The concept graph on overview.md: SVG keeps its boxes clickable at any zoom.
graphviz_output_format = "svg"

# Nothing is suppressed: the site is meant to build without a single warning.
