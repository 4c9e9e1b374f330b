"""The chat gateway, pages and APIs (FastAPI)."""
