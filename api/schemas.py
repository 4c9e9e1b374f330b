"""The chat API's request and reply (a contract other parts and tests depend on)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

MAX_MESSAGE_CHARS = 1000

Message = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE_CHARS)
]


class ChatRequest(BaseModel):
    message: Message
    session_id: str | None = Field(default=None, max_length=200)


class Button(BaseModel):
    title: str
    payload: str


class Reply(BaseModel):
    text: str
    buttons: list[Button] = []


class ChatResponse(BaseModel):
    session_id: str
    replies: list[Reply]
    need: str | None = None
    priority: str | None = None
    services: list[dict[str, Any]] = []
    crisis: bool = False
    degraded: bool = False
