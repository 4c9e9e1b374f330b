"""Where in Hartlepool a resident is, from a postcode, ward or place name.

Nothing here keeps a full postcode: only the district ("TS24") and sector
("TS24 8") are kept, which are enough to choose a hub and identify no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from knowledge.entries import AREA_FILE, CONTENT_DIR, AreaFile

# The UK's 121 postcode areas (the letters at the start) and GY, IM, JE for the
# Channel Islands and Isle of Man, so "EA1" is not taken for a postcode.
_AREAS = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL "
    "DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA "
    "KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO "
    "PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB "
    "W WA WC WD WF WN WR WS WV YO ZE"
)
POSTCODE_AREAS = frozenset(_AREAS.split())
HARTLEPOOL_AREA = "TS"
_AREA_LETTERS = re.compile(r"[A-Z]{1,2}")

# Royal Mail's outward code shapes: A9, A99, AA9, AA99, A9A, AA9A, with the
# letters each position allows. Inward code: digit and two letters, never CIKMOV.
_OUTWARD = (
    r"[A-PR-UWYZ](?:[0-9][0-9]?|[A-HK-Y][0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD_LETTERS = "[ABD-HJLNP-UW-Z]"
_FULL = re.compile(rf"(?<![A-Z0-9])({_OUTWARD})\s*([0-9]){_INWARD_LETTERS}{{2}}(?![A-Z0-9])")
# Shaped like a full postcode but failing the rules above (say "TS24 8CY"):
# a typo, so its district is not trusted either.
_MALFORMED = re.compile(r"(?<![A-Z0-9])[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}(?![A-Z0-9])")
# A sector needs the space: "TS248" could be TS24 8 or TS2 48.
_SECTOR = re.compile(rf"(?<![A-Z0-9])({_OUTWARD})\s+([0-9])(?![A-Z0-9])")
_DISTRICT = re.compile(rf"(?<![A-Z0-9])({_OUTWARD})(?![A-Z0-9])")
# "ts 25" means TS25; only for Hartlepool's own area, as "is 25" is not IS25.
_SPACED_TS = re.compile(r"(?<![A-Z0-9])TS\s+(?=[0-9])")

# Typo tolerance for ward and place names; short names must match exactly,
# or "heart" would find Hart and "season" would find Seaton.
FUZZY_CUTOFF = 0.85
FUZZY_MIN_LENGTH = 5


@dataclass(frozen=True, slots=True)
class Postcode:
    """The parts of a postcode worth keeping; the full postcode is dropped.

    Slots, so no other attribute (such as the full postcode) can be added.
    """

    district: str  # "TS24"
    sector: str | None  # "TS24 8", or None if only the district was given


@dataclass(frozen=True)
class District:
    code: str
    places: tuple[str, ...]
    hub: str
    note: str | None = None
    place_hubs: tuple[tuple[str, str], ...] = ()  # places another hub serves

    def hub_for_place(self, place: str) -> str:
        return dict(self.place_hubs).get(place, self.hub)


@dataclass(frozen=True)
class Ward:
    name: str
    districts: tuple[str, ...]
    hub: str


@dataclass(frozen=True)
class Area:
    districts: tuple[District, ...]
    wards: tuple[Ward, ...]

    def district(self, code: str) -> District | None:
        return next((d for d in self.districts if d.code == code), None)


@dataclass(frozen=True, slots=True)
class AreaMatch:
    kind: Literal["district", "ward", "place"]
    name: str  # district code, or the ward or place name as in area.yml
    district: str | None  # None for a ward that spans more than one district
    hub: str  # hub location id; "" outside Hartlepool
    in_hartlepool: bool


@cache
def load_area(path: Path = CONTENT_DIR / AREA_FILE) -> Area:
    """Hartlepool's districts and wards from area.yml, checked by its schema."""
    data = AreaFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return Area(
        districts=tuple(
            District(d.code, tuple(d.places), d.hub, d.note, tuple(d.place_hubs.items()))
            for d in data.districts
        ),
        wards=tuple(Ward(w.name, tuple(w.districts), w.hub) for w in data.wards),
    )


def parse_postcode(text: str, *, whole: bool = False) -> Postcode | None:
    """The first UK postcode, sector or district in free text; with `whole`, only a value
    that is one and nothing else (a form field, a query parameter).

    A sector or district on its own ("B12", "M6 1") is too easily something
    else, so outside the TS area it counts only as the whole message.
    """
    upper = _SPACED_TS.sub(HARTLEPOOL_AREA, text.upper())
    if whole:
        return _whole_postcode(upper.strip())
    if match := _first(_FULL, upper):
        return Postcode(match.group(1), f"{match.group(1)} {match.group(2)}")
    upper = _MALFORMED.sub(" ", upper)
    if match := _first(_SECTOR, upper, partial=True):
        return Postcode(match.group(1), f"{match.group(1)} {match.group(2)}")
    if match := _first(_DISTRICT, upper, partial=True):
        return Postcode(match.group(1), None)
    return None


def _whole_postcode(upper: str) -> Postcode | None:
    for pattern in (_FULL, _SECTOR, _DISTRICT):
        match = pattern.fullmatch(upper)
        if match and _AREA_LETTERS.match(match.group(1))[0] in POSTCODE_AREAS:
            sector = f"{match.group(1)} {match.group(2)}" if pattern is not _DISTRICT else None
            return Postcode(match.group(1), sector)
    return None


def find_area(text: str, area: Area | None = None) -> AreaMatch | None:
    """Where a resident is, from a postcode, ward or place; None if not found."""
    area = area or load_area()
    postcode = parse_postcode(text)
    if postcode is not None:
        return _district_match(postcode.district, area)
    return _name_match(_normalise(text), area)


def named_area(text: str, area: Area | None = None) -> AreaMatch | None:
    """A Hartlepool area the message names outright: a postcode district, or a ward or
    place spelt as in area.yml. Replies use it; find_area also forgives typos."""
    match = find_area(text, area)
    if match is None or not match.in_hartlepool:
        return None
    if match.kind == "district" or f" {_normalise(match.name)} " in f" {_normalise(text)} ":
        return match
    return None


def demand_area(text: str | None, area: Area | None = None) -> str | None:
    """The area a demand event may keep: a Hartlepool district, else a ward; never more.

    Anything that is not a known Hartlepool district, ward or place gives None,
    so no free text can reach the demand log through this field.
    """
    match = find_area(text, area) if text else None
    if match is None or not match.in_hartlepool:
        return None
    return match.district or match.name


# Words that say where someone is, not what they need: "I live in TS25", "near the Headland".
_WHERE_WORDS = frozenset(
    """i im me my we our us live lives living stay staying in at on near round around by
    from area postcode district estate side end bit part of and the its it is""".split()  # noqa: SIM905
)


def words_beside(text: str, match: AreaMatch, area: Area | None = None) -> list[str]:
    """The words of a message other than its area and where-words: "ts25 rent" gives
    ["rent"], "I live near the Headland" gives []. Postcode parts, and words of any
    ward or place name (typos included: "hart station" is a place), are the area's."""
    area = area or load_area()
    place_words = {word for c in _candidates(area) for word in _normalise(c.name).split()}
    place_words.update(_normalise(match.name).split())
    return [
        word
        for word in _normalise(text).split()
        if word not in _WHERE_WORDS
        and not any(char.isdigit() for char in word)
        and not any(SequenceMatcher(None, word, p).ratio() >= FUZZY_CUTOFF for p in place_words)
    ]


def _first(pattern: re.Pattern[str], text: str, partial: bool = False) -> re.Match[str] | None:
    """The first match in a real postcode area; see parse_postcode for `partial`."""
    whole = text.strip(" \t\n.,!?")
    for match in pattern.finditer(text):
        area = _AREA_LETTERS.match(match.group(1))[0]
        if area in POSTCODE_AREAS and (
            not partial or area == HARTLEPOOL_AREA or match.group(0) == whole
        ):
            return match
    return None


def _district_match(code: str, area: Area) -> AreaMatch:
    district = area.district(code)
    hub = district.hub if district else ""
    return AreaMatch("district", code, code, hub, in_hartlepool=district is not None)


def _normalise(text: str) -> str:
    """Lower case words only: "The Headland!" -> "headland"."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()
    return " ".join(word for word in words if word != "the")


def _candidates(area: Area) -> list[AreaMatch]:
    """Every ward and place; wards first, so "Hart" finds the ward."""
    wards = [
        AreaMatch("ward", w.name, w.districts[0] if len(w.districts) == 1 else None, w.hub, True)
        for w in area.wards
    ]
    places = [
        AreaMatch("place", place, d.code, d.hub_for_place(place), True)
        for d in area.districts
        for place in d.places
    ]
    return wards + places


def _name_match(text: str, area: Area) -> AreaMatch | None:
    """The ward or place that explains most of the text.

    Similarity times length, so "seaton carw" finds Seaton Carew (a close
    match of a longer name) rather than the Seaton ward (an exact short one).
    """
    best, found = 0.0, None
    for candidate in _candidates(area):
        name = _normalise(candidate.name)
        score = _similarity(name, text) * len(name)
        if score > best:
            best, found = score, candidate
    return found


def _similarity(name: str, text: str) -> float:
    """1.0 if the name is in the text; else its closest run of words, or 0."""
    if f" {name} " in f" {text} ":
        return 1.0
    if len(name) < FUZZY_MIN_LENGTH:
        return 0.0
    words, size = text.split(), len(name.split())
    # Runs of as many words as the name, and the whole text ("seatoncarew").
    runs = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)} | {text}
    ratio = max(SequenceMatcher(None, name, run).ratio() for run in runs)
    return ratio if ratio >= FUZZY_CUTOFF else 0.0
