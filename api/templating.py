"""The one Jinja environment for every page (autoescaping on, as always)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from knowledge.taxonomy import load_taxonomy

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals["council_name"] = load_taxonomy().council.name
