"""Concept cards: the ``concept`` directive, the format-neutral nodes of a card,
building a card from a concept, rendering concept text with MyST, and the
visitors that write cards in HTML and LaTeX (other builders get standard
nodes)."""
