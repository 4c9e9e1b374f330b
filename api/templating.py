"""The one Jinja environment for every page (autoescaping on, as always)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from knowledge.taxonomy import load_taxonomy

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals["council_name"] = load_taxonomy().council.name


def count(value: object) -> object:
    """A count with thousands separators; anything else (such as "<5") as it is."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


templates.env.filters["count"] = count
