"""FastAPI dependencies: settings, the database session and the chat turn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.chat import ChatTurn
from api.engine import EngineClient
from api.settings import Settings
from knowledge.db import session_scope
from knowledge.safety_net import get_safety_net
from knowledge.taxonomy import load_taxonomy


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db(settings: SettingsDep) -> Iterator[Session]:
    yield from session_scope(settings.database_url)


DbSession = Annotated[Session, Depends(get_db)]


def get_chat_turn(request: Request, settings: SettingsDep) -> ChatTurn:
    engine = EngineClient(
        request.app.state.http, settings.engine_base_url, settings.engine_timeout_seconds
    )
    return ChatTurn(engine=engine, safety_net=get_safety_net(), taxonomy=load_taxonomy())


ChatTurnDep = Annotated[ChatTurn, Depends(get_chat_turn)]
