"""The hub staff console: the residents' assistant, a knowledge search and a printable summary.

Nothing about a visitor is kept here: the summary lives only in the page, search words are
neither logged nor stored, and chat goes through the same turn as /api/chat (channel "hub").
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import ChatTurnDep, DbSession, SettingsDep, StaffMember, check_csrf
from api.schemas import ChatRequest, ChatResponse
from api.sessions import hold_turn
from api.templating import templates
from core.clock import london_now
from demand.events import Channel
from knowledge import models as m
from knowledge.area import find_area
from knowledge.cards import hub_card, service_card
from knowledge.entries import HUBS_FILE, read_content
from knowledge.search import NEEDS_TAXONOMY, search_text, services_for_need, term_id
from knowledge.taxonomy import load_taxonomy

router = APIRouter(prefix="/staff", tags=["staff"], include_in_schema=False)

MAX_RESULTS = 10
MAX_QUERY_CHARS = 200
MAX_AREA_CHARS = 100
NO_HUB = "Choose your hub first."


@cache
def community_hubs() -> dict[str, str]:
    """Hub location id -> name, as in hubs.yml (the ids demand events and area.yml use)."""
    return {location.id: location.name for location in read_content().files[HUBS_FILE].locations}


def _hub_of(staff: StaffMember) -> str | None:
    hub_id = staff.user.hub_id
    return hub_id if hub_id in community_hubs() else None


# --- pages -------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def console(request: Request, staff: StaffMember) -> HTMLResponse:
    hub_id = _hub_of(staff)
    if hub_id is None:
        return _hub_picker(request, staff)
    needs = sorted(load_taxonomy().needs, key=lambda need: need.title)
    context = {
        "staff": staff,
        "hub_name": community_hubs()[hub_id],
        "needs": needs,
        "today": london_now().strftime("%-d %B %Y"),
        "max_query": MAX_QUERY_CHARS,
        "max_area": MAX_AREA_CHARS,
    }
    return templates.TemplateResponse(request, "staff.html", context)


@router.get("/hub", response_class=HTMLResponse)
def choose_hub(request: Request, staff: StaffMember) -> HTMLResponse:
    return _hub_picker(request, staff)


@router.post("/hub", response_class=HTMLResponse)
def save_hub(
    request: Request,
    staff: StaffMember,
    db: DbSession,
    hub_id: Annotated[str, Form(max_length=120)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(staff, form_token=csrf_token)
    if hub_id not in community_hubs():
        return _hub_picker(request, staff, error="Choose the hub you are working at.")
    staff.user.hub_id = hub_id  # the user row belongs to this request's session
    db.commit()
    return RedirectResponse("/staff", status_code=303)


def _hub_picker(request: Request, staff: StaffMember, error: str | None = None) -> HTMLResponse:
    context = {
        "staff": staff,
        "hubs": community_hubs(),
        "current": _hub_of(staff),
        "error": error,
    }
    status = 422 if error else 200
    return templates.TemplateResponse(request, "staff_hub.html", context, status_code=status)


# --- the console's APIs -------------------------------------------------------------------


async def _raw_body(request: Request) -> bytes:
    return await request.body()


@router.post("/api/chat", response_model=ChatResponse)
def staff_chat(
    staff: StaffMember,  # first, so sign-in is checked before anything else
    body: Annotated[bytes, Depends(_raw_body)],
    db: DbSession,
    turn: ChatTurnDep,
    settings: SettingsDep,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> ChatResponse:
    """The residents' chat, with demand counted against this member of staff's hub."""
    check_csrf(staff, header_token=x_csrf_token)
    hub_id = _hub_of(staff)
    if hub_id is None:
        raise HTTPException(409, detail=NO_HUB)
    ttl = timedelta(minutes=settings.session_ttl_minutes)
    return hold_turn(db, turn, _chat_request(body), ttl, Channel("hub", hub_id))


def _chat_request(body: bytes) -> ChatRequest:
    """Validated after sign-in and CSRF, with the same plain errors as /api/chat."""
    try:
        return ChatRequest.model_validate_json(body)
    except ValidationError as error:
        problems = error.errors(include_input=False, include_url=False)
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in problems]
        ) from None


@router.get("/api/search")
def search(
    staff: StaffMember, db: DbSession, need: str = "", q: str = "", area: str = ""
) -> dict[str, Any]:
    """Services by need, free text and area, as cards; the words are never logged."""
    need, q, area = need.strip(), q.strip(), area.strip()
    _check_search(need, q, area)
    now = london_now()
    cards: list[dict[str, Any]] = []
    notes: list[str] = []
    if area:
        match = find_area(area)
        if match is None:
            raise HTTPException(
                422,
                detail="The 'area' was not recognised: try a postcode such as TS24 8, "
                "a ward or a place in Hartlepool.",
            )
        if not match.in_hartlepool:
            notes.append("That area is outside Hartlepool, so there is no hub for it here.")
        elif card := hub_card(db, match.hub, now):
            cards.append(card)
    if need and q:
        for_need = {s.id for s in services_for_need(db, need)}
        found = [s for s in search_text(db, q, limit=50) if s.id in for_need]
        cards += [service_card(s, need, now) for s in found]
    elif need:
        cards += [service_card(s, need, now) for s in services_for_need(db, need)]
    elif q:
        cards += [service_card(s, _first_need(s), now) for s in search_text(db, q, MAX_RESULTS)]
    return {"services": _unique(cards)[:MAX_RESULTS], "notes": notes}


def _check_search(need: str, q: str, area: str) -> None:
    if not (need or q or area):
        raise HTTPException(
            422, detail="Give at least one of 'need', 'q' (words to search for) or 'area'."
        )
    if need and load_taxonomy().need(need) is None:
        raise HTTPException(422, detail="The 'need' field is not one of the needs.")
    if len(q) > MAX_QUERY_CHARS:
        raise HTTPException(
            422, detail=f"The 'q' field must be {MAX_QUERY_CHARS} characters or fewer."
        )
    if len(area) > MAX_AREA_CHARS:
        raise HTTPException(
            422, detail=f"The 'area' field must be {MAX_AREA_CHARS} characters or fewer."
        )


def _first_need(service: m.Service) -> str:
    """A card names one need; for a free-text match, the service's first."""
    prefix = term_id(NEEDS_TAXONOMY, "")
    terms = (a.taxonomy_term_id for a in service.attributes)
    return next((t.removeprefix(prefix) for t in terms if t.startswith(prefix)), "")


def _unique(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One card per service, the first kept (so the local hub beats the general hub card)."""
    seen: set[str] = set()
    unique = []
    for card in cards:
        if card.id not in seen:
            seen.add(card.id)
            unique.append(card)
    return unique
