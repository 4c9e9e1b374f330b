"""What the action server tells the gateway beside a reply: typed on both sides.

The action server attaches `ReplyFacts` to its last message as Rasa's `custom`
payload; the gateway reads them back with the same model, so a field misspelt on
either side fails a test instead of vanishing. A `ServiceCard` is also what the chat
API promises the widget, and what the staff console shows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

# What the action server can say happened; the gateway adds "crisis" and "degraded".
Outcome = Literal["signposted", "check_completed", "handoff", "no_match", "crisis"]
# How sure the model was: enough for analysts, never a raw score.
ConfidenceBand = Literal["high", "medium", "low"]


class ServiceCard(BaseModel):
    """One service as a resident sees it, with how fresh its details are."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    need: str
    summary: str
    phone: str | None
    phone_description: str | None = None
    url: str | None
    address: str | None
    opening_times: list[str]
    hours_by_day: dict[str, str]
    opening_today: str
    open_now: bool | None
    verified: bool
    last_reviewed: str  # YYYY-MM-DD
    checked: str  # "Checked March 2026"
    check_before_you_go: bool
    what_to_bring: list[str] = []
    provider: str
    hub: str | None = None  # the hub's location id, on a community hub's card


class ReplyFacts(BaseModel):
    """Never shown to the resident. An `outcome` marks a routed request, which the gateway
    logs as a demand event; `guess` is the likeliest need for a message not understood."""

    model_config = ConfigDict(extra="forbid")

    need: str | None = None
    outcome: Outcome | None = None
    area: str | None = None
    services: list[ServiceCard] = []
    confidence: ConfidenceBand | None = None
    guess: str | None = None
    entitlements: list[str] = []
    clarify: list[str] = []
    crisis: bool = False
    crisis_category: str | None = None
    # The knowledge base could not be read: the gateway gives its degraded reply.
    unavailable: bool = False
