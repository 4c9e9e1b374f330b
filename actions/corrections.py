"""Corrections: "I mean…" is read with the message it corrects.

"council tax" then "I mean I can't afford to pay it": the second message alone could be
rent, debt or bills, and the first alone could be paying the bill or help with it. Read
together they are plainly about help with council tax. The model scores each message
on its own, so a correction weighs the two rankings together: a need both messages
point to wins, and a clear change of subject ("I mean the bins") still wins on its own.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from knowledge.taxonomy import CRISIS_NEED, Need, Taxonomy, load_taxonomy

CORRECTION = re.compile(
    r"^\W*(?:no+|nah|sorry|oops|ah+|oh)?[\s,.!]*"
    r"(?:i\s+mean[t]?|i\s+ment|what\s+i\s+mean[t]?\s+(?:is|was)|i\s+was\s+(?:asking|on)\s+about"
    r"|i\s+should\s+have\s+said|i\s+meant\s+to\s+say)\b[\s,:.-]*",
    re.IGNORECASE,
)
# The weight a need the earlier message gave no score keeps, so a correction that
# clearly changes the subject is not held to the first message's topic.
EARLIER_FLOOR = 0.05
# Below this combined share, the two messages together still say nothing clear.
MIN_SHARE = 0.3
NOT_A_READING = frozenset({CRISIS_NEED, "out_of_scope"})


def is_correction(text: str) -> bool:
    return bool(CORRECTION.match(text or ""))


def corrected_need(tracker: Tracker) -> Need | None:
    """The need a correction and the message before it express together, if clear."""
    latest = tracker.latest_message or {}
    if not is_correction(latest.get("text") or ""):
        return None
    earlier = earlier_ranking(tracker)
    if not earlier:
        return None
    taxonomy = load_taxonomy()
    now = needs_ranking(latest.get("intent_ranking") or [], taxonomy)
    combined = {
        need: score * (EARLIER_FLOOR + earlier.get(need, 0.0)) for need, score in now.items()
    }
    total = sum(combined.values())
    if total <= 0:
        return None
    best = max(combined, key=combined.__getitem__)
    return taxonomy.need(best) if combined[best] / total >= MIN_SHARE else None


def earlier_ranking(tracker: Tracker) -> dict[str, float]:
    """The needs ranking of the resident's message before the latest one."""
    taxonomy = load_taxonomy()
    user_messages = [e for e in tracker.events if e.get("event") == "user"]
    if len(user_messages) < 2:
        return {}
    parse = user_messages[-2].get("parse_data") or {}
    ranking = parse.get("intent_ranking") or [parse.get("intent") or {}]
    return needs_ranking(ranking, taxonomy)


def needs_ranking(ranking: list[dict[str, Any]], taxonomy: Taxonomy) -> dict[str, float]:
    """Scores of the needs a correction can mean (not danger: the gateway decides that)."""
    scores: dict[str, float] = {}
    for guess in ranking:
        name = guess.get("name") or ""
        if name in NOT_A_READING or taxonomy.need(name) is None:
            continue
        scores[name] = float(guess.get("confidence") or 0.0)
    return scores
