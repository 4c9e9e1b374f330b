"""The chat API's request and reply (a contract other parts and tests depend on)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StringConstraints

from core.contracts import ServiceCard

MAX_MESSAGE_CHARS = 1000
# Zero-width and other invisible characters: a message of only these is empty.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def _visible(value: object) -> object:
    return _INVISIBLE.sub("", value) if isinstance(value, str) else value


def _not_only_slashes(value: str) -> str:
    if not value.strip("/ \t"):
        raise ValueError("Type a message")
    return value


Message = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE_CHARS),
    BeforeValidator(_visible),
    AfterValidator(_not_only_slashes),
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
    services: list[ServiceCard] = []
    crisis: bool = False
    degraded: bool = False

    @property
    def payloads(self) -> list[str]:
        """The payloads of the buttons offered in this reply."""
        return [button.payload for reply in self.replies for button in reply.buttons]
