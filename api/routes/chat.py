"""POST /api/chat: a resident's message in, the assistant's replies out."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import ChatSessionsDep, ChatTurnDep
from api.schemas import ChatRequest, ChatResponse
from api.sessions import hold_turn

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse)
def chat(
    request: ChatRequest, http: Request, sessions: ChatSessionsDep, turn: ChatTurnDep
) -> ChatResponse:
    http.app.state.limits.chat(http, request.session_id)
    return hold_turn(sessions, turn, request)
