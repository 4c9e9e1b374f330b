"""One turn of a resident's conversation: safety net, engine, and the reply contract."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from api.engine import EngineClient, EngineUnavailable
from api.schemas import Button, ChatResponse, Reply
from core.contracts import ReplyFacts
from demand.events import WEBSITE, Channel, DemandFacts
from demand.recorder import DemandRecorder
from knowledge.area import demand_area
from knowledge.crisis import CrisisDetector, CrisisVerdict
from knowledge.entitlements.household import ENTITLEMENT_IDS
from knowledge.language import other_language
from knowledge.taxonomy import CRISIS_NEED, OUT_OF_SCOPE, Taxonomy

logger = logging.getLogger(__name__)
NO_DANGER = CrisisVerdict(None)
NOTHING_TO_SAY = Reply(
    text="Sorry, I did not understand. Can you say it another way, in a few words? "
    "Or choose a topic.",
    buttons=[Button(title="Show me the topics", payload="/show_topics")],
)
# Counted as not understood: demand the council cannot yet see the need of.
IN_ANOTHER_LANGUAGE = ReplyFacts(outcome="no_match", confidence="low")


@dataclass(frozen=True)
class ChatTurn:
    """What the gateway needs to answer one message."""

    engine: EngineClient
    crisis: CrisisDetector
    taxonomy: Taxonomy
    demand: DemandRecorder | None = None

    def answer(self, session_id: str, message: str, channel: Channel = WEBSITE) -> ChatResponse:
        response, meta = self._reply(session_id, message, self._assess(message))
        # Danger, an outage and a button's payload are answered without the model's reading.
        read_by_model = not (response.crisis or response.degraded or message.startswith("/"))
        if read_by_model and other_language(message):
            response, meta = self._in_another_language(response, meta)
        return self._recorded(session_id, message, channel, response, meta)

    def unavailable(
        self, session_id: str, message: str, channel: Channel = WEBSITE
    ) -> ChatResponse:
        """The degraded reply, without the engine, when the conversation's own state cannot
        be reached; danger in the message still comes first."""
        response = self._degraded(session_id, self._assess(message))
        return self._recorded(session_id, message, channel, response, ReplyFacts())

    def _assess(self, message: str) -> CrisisVerdict:
        # A command is the payload of a button we offered (api/sessions.py lets no
        # other through): nobody's words, so nothing for the crisis layers to read.
        return NO_DANGER if message.startswith("/") else self.crisis.assess(message)

    def _recorded(
        self,
        session_id: str,
        message: str,
        channel: Channel,
        response: ChatResponse,
        meta: ReplyFacts,
    ) -> ChatResponse:
        facts = demand_facts(response, meta)
        if facts and self.demand:
            self.demand.after_reply(session_id, message, channel, facts)
        return response

    def _reply(
        self, session_id: str, message: str, verdict: CrisisVerdict
    ) -> tuple[ChatResponse, ReplyFacts]:
        try:
            bot_messages = self.engine.send(session_id, engine_message(message, verdict))
        except EngineUnavailable as error:
            # Never log what the resident typed: only that a turn failed, and why.
            logger.warning("engine unavailable for a chat turn (%s)", error)
            return self._degraded(session_id, verdict), ReplyFacts()
        replies, meta = _split(bot_messages)
        # The Rasa model is the third layer: its crisis intent counts too.
        crisis = verdict.in_danger or meta.crisis
        if meta.unavailable and not crisis:
            return self._degraded(session_id, verdict), ReplyFacts()
        need = CRISIS_NEED if crisis else meta.need
        if crisis:
            category = verdict.category or meta.crisis_category
            replies = self._crisis_first(replies, category)
        elif not replies:
            if not self.engine.actions_answer():
                return self._degraded(session_id, verdict), ReplyFacts()
            # A healthy engine that chose to say nothing: not an outage.
            replies = [NOTHING_TO_SAY]
        response = ChatResponse(
            session_id=session_id,
            replies=replies,
            need=need,
            priority=self._priority(need),
            services=[] if crisis else meta.services,
            crisis=crisis,
        )
        return response, meta

    def _crisis_first(self, replies: list[Reply], category: str | None) -> list[Reply]:
        """The emergency reply that fits, first; no other emergency wording after it."""
        guidance = self.taxonomy.crisis
        emergency = Reply(text=guidance.reply_for(category))
        return [emergency, *(r for r in replies if r.text not in guidance.replies)]

    def _in_another_language(
        self, response: ChatResponse, meta: ReplyFacts
    ) -> tuple[ChatResponse, ReplyFacts]:
        """The model reads English only. Where it still found a need (an English word such
        as "universal credit" or "GP" in the message), its answer stays, after a warning
        that it may be wrong; otherwise its guess is noise, and the resident is told how
        else to reach the council. Short plain English, for someone still learning it."""
        council = self.taxonomy.council
        elsewhere = (
            f"call {council.name} on {council.phone}, or go to a community hub and ask at the desk."
        )
        if response.need and response.need != OUT_OF_SCOPE:
            warning = f"I can only read English, so I may have this wrong. If so, {elsewhere}"
            note = Reply(text=warning)
            return response.model_copy(update={"replies": [note, *response.replies]}), meta
        text = (
            "Sorry, I can only read English. "
            "Please write in English, or ask someone to help you write. "
            f"You can also {elsewhere} "
            "If someone is in danger now, call 999."
        )
        reply = Reply(text=text, buttons=NOTHING_TO_SAY.buttons)
        return ChatResponse(session_id=response.session_id, replies=[reply]), IN_ANOTHER_LANGUAGE

    def _degraded(self, session_id: str, verdict: CrisisVerdict) -> ChatResponse:
        council = self.taxonomy.council
        sorry = Reply(
            text=(
                "Sorry, I cannot answer properly right now. Please try again in a few minutes, "
                f"or call {council.name} on {council.phone}."
            )
        )
        emergency = Reply(text=self.taxonomy.crisis.reply_for(verdict.category))
        in_danger = verdict.in_danger
        replies = [emergency, sorry] if in_danger else [sorry, emergency]
        return ChatResponse(
            session_id=session_id,
            replies=replies,
            need=CRISIS_NEED if in_danger else None,
            priority=self._priority(CRISIS_NEED) if in_danger else None,
            crisis=in_danger,
            degraded=True,
        )

    def _priority(self, need_id: str | None) -> str | None:
        need = self.taxonomy.need(need_id) if need_id else None
        return need.priority if need else None


def demand_facts(response: ChatResponse, meta: ReplyFacts) -> DemandFacts | None:
    """The demand event a reply makes, or None for small talk and follow-ups.

    The gateway decides crisis and degraded replies itself; for everything
    else the action server says what happened in its facts payload.
    """
    area = demand_area(meta.area)
    if response.crisis:
        return DemandFacts(outcome="crisis", need_id=CRISIS_NEED, area=area)
    if response.degraded:
        return DemandFacts(outcome="degraded")
    if meta.outcome is None:
        return None
    return DemandFacts(
        outcome=meta.outcome,
        need_id=meta.need or meta.guess,
        area=area,
        service_ids=[service.id for service in response.services],
        confidence_band=meta.confidence,
        entitlement_ids=[e for e in meta.entitlements if e in ENTITLEMENT_IDS],
    )


def engine_message(message: str, verdict: CrisisVerdict) -> str:
    """What the engine is sent: on danger, the crisis intent with its kind, not the words.

    The engine then ends any form and asks whether the resident is safe
    (data/rules.yml), whatever its own model would have made of the message.
    """
    if not verdict.in_danger:
        return message
    return f'/{CRISIS_NEED}{{"crisis_category":"{verdict.category}"}}'


def _split(bot_messages: list[dict[str, Any]]) -> tuple[list[Reply], ReplyFacts]:
    """Separate what the resident reads from the facts the action server attached."""
    replies: list[Reply] = []
    custom: dict[str, Any] = {}
    for message in bot_messages:
        if isinstance(message.get("custom"), dict):
            custom.update(message["custom"])
        if message.get("text"):
            replies.append(Reply(text=message["text"], buttons=message.get("buttons") or []))
    return replies, read_facts(custom)


def read_facts(custom: dict[str, Any]) -> ReplyFacts:
    """The action server's facts; facts that break the contract are logged and dropped.

    Only the fields at fault are logged, never their values: a value may hold a resident's
    words. The reply itself still reaches the resident."""
    try:
        return ReplyFacts.model_validate(custom)
    except ValidationError as error:
        fields = sorted({".".join(map(str, e["loc"])) for e in error.errors()})
        logger.error("reply facts broke the contract in %s", ", ".join(fields))
        return ReplyFacts()
