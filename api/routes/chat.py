"""POST /api/chat: a resident's message in, the assistant's replies out."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter

from api.deps import ChatTurnDep, DbSession, SettingsDep
from api.schemas import ChatRequest, ChatResponse
from api.sessions import hold_turn

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse)
def chat(
    request: ChatRequest, db: DbSession, turn: ChatTurnDep, settings: SettingsDep
) -> ChatResponse:
    return hold_turn(db, turn, request, timedelta(minutes=settings.session_ttl_minutes))
