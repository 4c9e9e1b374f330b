"""The need taxonomy, kept once as data in this folder's YAML files.

Need and priority ids are a contract shared by the Rasa intents, the chat API
and the analytics, so everything reads them through `load_taxonomy()`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

TAXONOMY_DIR = Path(__file__).parent


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Priority(_Frozen):
    id: str
    label: str
    title: str


class Need(_Frozen):
    id: str
    title: str
    topic: str
    priority: str | None
    also: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()  # names residents give its team: knowledge/teams.py
    reply: str | None


class NeighbourCouncil(_Frozen):
    """A council next to Hartlepool, for a resident who lives in its area."""

    name: str
    website: str
    places: tuple[str, ...]


class NeighbourCouncils(_Frozen):
    """The councils next to Hartlepool, checked together."""

    councils: tuple[NeighbourCouncil, ...]
    last_reviewed: date
    verified: bool


class CouncilContact(_Frozen):
    name: str
    phone: str
    website: str
    source_url: str
    last_reviewed: date
    neighbours: NeighbourCouncils


class CrisisCategory(_Frozen):
    """One kind of danger to life: how to spot it and what to tell the resident."""

    id: str
    title: str
    follow_up_need: str
    reply: str
    sources: tuple[str, ...]
    verified: bool
    phrases: tuple[str, ...]


class Measure(_Frozen):
    """A measure of success in the council's plans, and the needs that inform it."""

    id: str
    title: str
    priority: str
    needs: tuple[str, ...]
    verified: bool


class Measures(_Frozen):
    source_url: str
    last_reviewed: date
    measures: tuple[Measure, ...]


class CrisisClassifierSettings(_Frozen):
    threshold: float
    calm_threshold: float
    # What the classifier must give a calm message's phrases before they count (see crisis.yml).
    calm_phrase_threshold: float
    passage_threshold: float
    # A sentence of fewer words read alone must be surer still (see crisis.yml).
    short_passage_words: int
    short_passage_threshold: float


class CrisisGuidance(_Frozen):
    reply: str
    safe_now_question: str
    last_reviewed: date
    sources: tuple[str, ...]
    classifier: CrisisClassifierSettings
    categories: tuple[CrisisCategory, ...]
    calm_context: tuple[str, ...]
    said_safe: tuple[str, ...]
    still_now: tuple[str, ...]
    figures_of_speech: tuple[str, ...]

    def category(self, category_id: str | None) -> CrisisCategory | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def reply_for(self, category_id: str | None) -> str:
        """The category's own reply, or the general one when the kind is not known."""
        category = self.category(category_id)
        return category.reply if category else self.reply

    @property
    def replies(self) -> set[str]:
        return {self.reply, *(c.reply for c in self.categories)}


class Taxonomy(_Frozen):
    priorities: tuple[Priority, ...]
    needs: tuple[Need, ...]
    council: CouncilContact
    crisis: CrisisGuidance
    measures: Measures

    @model_validator(mode="after")
    def _check_references(self) -> Taxonomy:
        priority_ids = {p.id for p in self.priorities}
        seen: set[str] = set()
        team_names: set[str] = set()
        for need in self.needs:
            if need.id in seen:
                raise ValueError(f"need {need.id!r} is listed twice")
            seen.add(need.id)
            if team_names & set(need.teams):
                # Named under two needs, a team could never decide which one it is.
                raise ValueError(f"need {need.id!r} repeats team names of another need")
            team_names |= set(need.teams)
            for ref in (need.priority, *need.also):
                if ref is not None and ref not in priority_ids:
                    raise ValueError(f"need {need.id!r} names unknown priority {ref!r}")
            if need.reply is None and need.id != CRISIS_NEED:
                raise ValueError(f"need {need.id!r} has no reply")
        for category in self.crisis.categories:
            if category.follow_up_need not in seen:
                raise ValueError(f"crisis category {category.id!r} names an unknown need")
        for measure in self.measures.measures:
            if measure.priority not in priority_ids:
                raise ValueError(f"measure {measure.id!r} names unknown priority")
            unknown = set(measure.needs) - seen
            if unknown:
                raise ValueError(f"measure {measure.id!r} names unknown needs {sorted(unknown)}")
        return self

    def need(self, need_id: str) -> Need | None:
        return next((n for n in self.needs if n.id == need_id), None)

    def priority(self, priority_id: str) -> Priority | None:
        return next((p for p in self.priorities if p.id == priority_id), None)

    def measures_for(self, need_id: str) -> list[Measure]:
        return [m for m in self.measures.measures if need_id in m.needs]

    def needs_for(self, priority_id: str | None) -> list[Need]:
        return [n for n in self.needs if n.priority == priority_id]

    @property
    def need_ids(self) -> list[str]:
        return [n.id for n in self.needs]


CRISIS_NEED = "crisis_emergency"
OUT_OF_SCOPE = "out_of_scope"  # a need of its own: what the assistant cannot help with


def _read(name: str) -> dict:
    with (TAXONOMY_DIR / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def load_taxonomy() -> Taxonomy:
    """Read and validate the taxonomy once per process."""
    return Taxonomy(
        priorities=_read("priorities.yml")["priorities"],
        needs=_read("needs.yml")["needs"],
        council=_read("council.yml")["council"],
        crisis=_read("crisis.yml")["crisis"],
        measures=_read("measures.yml"),
    )
