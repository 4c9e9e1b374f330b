"""The knowledge base: the need taxonomy, the council's priorities and contact routes."""
