"""The demonstration council page at /: a plain page that adds the residents' chat
widget (static/widget.js) with one script tag, as any council page would."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.templating import templates
from knowledge.taxonomy import load_taxonomy

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html", {"council": load_taxonomy().council})
