"""The hub staff console: the residents' assistant, a knowledge search and a printable summary.

Nothing about a visitor is kept here: the summary lives only in the page, search words are
neither logged nor stored, and chat goes through the same turn as /api/chat (channel "hub").
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import ChatSessionsDep, ChatTurnDep, DbSession, StaffMember, check_csrf
from api.schemas import ChatRequest, ChatResponse
from api.sessions import hold_turn
from api.templating import templates
from core.clock import london_now
from core.errors import Conflict
from demand.events import Channel
from knowledge.hubs import hub_names
from knowledge.staff_search import MAX_AREA_CHARS, MAX_QUERY_CHARS, StaffSearch, staff_search
from knowledge.taxonomy import load_taxonomy

router = APIRouter(prefix="/staff", tags=["staff"], include_in_schema=False)

NO_HUB = "Choose your hub first."


def _hub_of(staff: StaffMember) -> str | None:
    hub_id = staff.user.hub_id
    return hub_id if hub_id in hub_names() else None


# --- pages -------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def console(request: Request, staff: StaffMember) -> HTMLResponse:
    hub_id = _hub_of(staff)
    if hub_id is None:
        return _hub_picker(request, staff)
    needs = sorted(load_taxonomy().needs, key=lambda need: need.title)
    context = {
        "staff": staff,
        "hub_name": hub_names()[hub_id],
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
    if hub_id not in hub_names():
        return _hub_picker(request, staff, error="Choose the hub you are working at.")
    staff.user.hub_id = hub_id  # the user row belongs to this request's session
    db.commit()
    return RedirectResponse("/staff", status_code=303)


def _hub_picker(request: Request, staff: StaffMember, error: str | None = None) -> HTMLResponse:
    context = {
        "staff": staff,
        "hubs": hub_names(),
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
    sessions: ChatSessionsDep,
    turn: ChatTurnDep,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> ChatResponse:
    """The residents' chat, with demand counted against this member of staff's hub."""
    check_csrf(staff, header_token=x_csrf_token)
    hub_id = _hub_of(staff)
    if hub_id is None:
        raise Conflict(NO_HUB)
    return hold_turn(sessions, turn, _chat_request(body), Channel("hub", hub_id))


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
) -> StaffSearch:
    """Services by need, free text and area, as cards; the words are never logged."""
    return staff_search(db, need, q, area, london_now())
