"""Whether a message is about a council next to Hartlepool rather than Hartlepool's own.

A resident of Peterlee or Billingham asking about bins gets Hartlepool's bins page, which
is no use to them: the answer then first says whose area that is. Only a place named as
where someone lives ("we live in Billingham", "my mam's in Peterlee") or a council named
outright ("Stockton council") counts; "Stockton Road" and "just moved from
Middlesbrough" do not.
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.area import find_area
from knowledge.safety_net import APOSTROPHES
from knowledge.taxonomy import NeighbourCouncil, load_taxonomy

# Who lives where: "we live in", "im in", "my mams in" (apostrophes are dropped first).
_FAMILY = r"(?:mam|mum|dad|nan|nana|grandad|sister|brother|son|daughter|friend)"
_IS_THERE = (
    rf"(?:im|i am|were|we are|shes|she is|hes|he is|theyre|they are|{_FAMILY}s|{_FAMILY} is)"
)
_LIVING = rf"(?:live|lives|living|livin|stay|stays|staying|moved|moving|{_IS_THERE})"
_WHERE = r"(?:in|to|over in|up in|down in|out in)"
# "Stockton Road" is in Hartlepool; "in Durham prison" or "in Durham hospital" is not home.
_NOT_HOME = (
    r"(?:road|rd|street|st|lane|avenue|ave|terrace|close|way|crescent|drive|grove|park"
    r"|prison|jail|nick|hospital|uni|university|college|for)"
)
_HARTLEPOOL = re.compile(r"\bhartlepool\b|\bhartlepol\b|\bhpool\b")


def _in_hartlepool(message: str) -> bool:
    match = find_area(message)
    return match is not None and match.in_hartlepool


@cache
def _patterns() -> list[tuple[re.Pattern[str], NeighbourCouncil]]:
    found = []
    for council in load_taxonomy().council.neighbours.councils:
        places = "|".join(_spelt_any_way(place) for place in council.places)
        lives_there = rf"(?<!used to )\b{_LIVING}\s+{_WHERE}\s+(?:{places})\b(?!\s+{_NOT_HOME}\b)"
        their_council = rf"\b(?:{places})(?:\s+(?:borough|county|city))?\s+council\b"
        found.append((re.compile(f"{lives_there}|{their_council}"), council))
    return found


def _spelt_any_way(place: str) -> str:
    """A place as residents write it: "Stockton-on-Tees", "stockton on tees", "Stocktonontees"."""
    words = re.split(r"[- ]", place.lower())
    return r"[- ]?".join(re.escape(word) for word in words)


def neighbour_council(message: str) -> NeighbourCouncil | None:
    """The neighbouring council a message names as where someone lives, if any.

    None when the message also names Hartlepool or a place in it: "I live in Durham, my
    dad in Seaton Carew needs help" is about Hartlepool's services after all."""
    text = APOSTROPHES.sub("", message.lower())
    if _HARTLEPOOL.search(text) or _in_hartlepool(message):
        return None
    for pattern, council in _patterns():
        if pattern.search(text):
            return council
    return None


def neighbour_note(council: NeighbourCouncil) -> str:
    """Said before the answer, which is Hartlepool's: the message may be about both."""
    return (
        f"If this is about somewhere in {council.name}'s area, ask them: {council.website}. "
        "I can only help with Hartlepool."
    )
