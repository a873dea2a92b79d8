"""Source files: finding them, reading Markdown, YAML and JSON into concepts
(with the line of every problem), writing concepts back, and the JSON Schema.

Pure like :mod:`sphinx_concepts.core`: no Sphinx, no docutils.
"""
