"""Cross-references: the ``concept`` domain (every variant of the project, and
the references between them), the role, what happens to references nothing
answers, the concept index and the wanted-concepts page, and the one rule for
making links."""
