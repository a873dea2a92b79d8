"""Reader features filled in at write time, when every page has been read:
"Referenced by" backlinks, concept lists and graphs, and ``concepts.json``."""
