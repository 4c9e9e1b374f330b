"""A team asked for by name: "ASB team number", "put me through to housing options".

Residents who know which team they want often give only its name and ask for its number
or to be put through. The model reads such short requests poorly (the name is one or two
words among the request's), and the crisis classifier took "put me through to planning"
for a plan. The names are data (`teams` in needs.yml). A request is a contact word and
one need's team name; where names of two needs are given, the longer wins ("the
employment people at the hub"), and a tie is no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.safety_net import APOSTROPHES
from knowledge.taxonomy import load_taxonomy

# Asking for a way to reach a team, not about a topic: "who do I ring about my rent"
# names a need, not a team, and "I'd like to help at a food bank, who do I contact?"
# is volunteering.
CONTACT = re.compile(
    r"\b(?:numbers?|phone|tel|telephone|(?<!i )(?<!we )contact|email|direct line"
    r"|put (?:me|us) through|transfer me|connect me|get hold of|get through to)\b"
)
# Longer messages are stories with a request in them; the model reads those well. 25 since
# round 20, where a 16-word request with a court date went to the wrong need.
MAX_WORDS = 25
# Words that can sit around a request without saying anything more ("hi, can you
# give me the number for the asb team at the council please").
FILLER = frozenset(
    """a an and any anyone are at borough can could council councils cheers department
    dept details direct do does e for from get give hartlepool hello hey hi hiya how i im
    in is it line me mobile number numbers of office on or people please pls plz the
    there thank thanks through to ta team their u us what whats who would you your""".split()  # noqa: SIM905
)
WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class TeamRequest:
    need: str
    only_a_request: bool  # no other words: no story, nothing else asked


def asked_for_team(message: str) -> TeamRequest | None:
    """The need whose team the message asks to reach by name, if it does."""
    text = APOSTROPHES.sub("", message.lower())
    words = WORD.findall(text)
    joined = " ".join(words)
    if len(words) > MAX_WORDS or not CONTACT.search(joined):
        return None
    found = _named(words)
    if not found:
        return None
    longest = max(len(span) for _, span in found)
    needs = {need for need, span in found if len(span) == longest}
    if len(needs) != 1:
        return None
    named = {i for _, span in found for i in span}
    contact = {i for m in CONTACT.finditer(joined) for i in _indexes(joined, m)}
    rest = [w for i, w in enumerate(words) if i not in named | contact and w not in FILLER]
    return TeamRequest(needs.pop(), only_a_request=not rest)


def _named(words: list[str]) -> list[tuple[str, range]]:
    """Every team name in the words, except those inside a longer one ("family hub")."""
    spans = [
        (need, range(i, i + len(name)))
        for need, names in _names().items()
        for name in names
        for i in range(len(words) - len(name) + 1)
        if tuple(words[i : i + len(name)]) == name
    ]
    return [
        (need, span)
        for need, span in spans
        if not any(
            len(other) > len(span) and span.start >= other.start and span.stop <= other.stop
            for _, other in spans
        )
    ]


def _indexes(joined: str, match: re.Match[str]) -> range:
    """The word indexes a match over the space-joined words covers."""
    start = len(joined[: match.start()].split())
    return range(start, start + len(match.group().split()))


@cache
def _names() -> dict[str, list[tuple[str, ...]]]:
    return {
        need.id: [tuple(WORD.findall(name.lower())) for name in need.teams]
        for need in load_taxonomy().needs
        if need.teams
    }
