"""Synthetic demand events: a plausible year of Hartlepool's demand, for demos and benchmarks.

Nothing here is real data. The shape (which needs, when, where, through which
channel, with what outcome) follows the weights below, each with the reason
for it, so a demo dashboard looks like a town of about 90,000 people and a
benchmark runs against realistic skew rather than uniform noise.

Ids come from the taxonomy (needs, priorities) and the knowledge content
(services, hubs, districts, wards), never from lists kept here, so the
synthetic data cannot drift from what the assistant really records.
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate, combinations, islice
from random import Random
from typing import Any

from sqlalchemy import Connection, insert

from core.clock import LONDON
from core.db import get_engine
from demand.models import DemandEvent
from knowledge.entitlements import CHECK_PRIORITY
from knowledge.entries import Content, read_content
from knowledge.hubs import community_hubs
from knowledge.taxonomy import CRISIS_NEED, Taxonomy, load_taxonomy

# An assumption until there are real contact volumes: about 5,000 events a month, that is
# ~3,100 conversations at 1.6 events each, ~100 a day across the website and three hubs:
# the load of a busy advice service, not of the council's whole contact centre. A year
# is 37,500 conversations for ~90,000 residents, but far fewer people than that: the
# same residents come back through the year (benefits in spring, energy in winter) and
# hub staff use it with walk-ins.
DEFAULT_EVENTS = 60_000
BATCH_SIZE = 20_000
# SQLite's page cache while writing (in KiB when negative): random uuid keys touch index
# pages all over, and with the default 2 MiB a large fill took about 1.4 times as long.
SQLITE_CACHE_KIB = -262_144

# --- What residents ask for -------------------------------------------------------
# Relative demand by need, roughly a share in percent. Money and poverty dominate
# (Citizens Advice and council welfare teams see benefits, food, energy, debt, council
# tax and rent most), then housing and health. Needs not listed get the default.
NEED_WEIGHTS: dict[str, float] = {
    "benefits_advice": 14,
    "food_and_essentials": 10,
    "energy_bills": 8,
    "debt_advice": 7,
    "council_tax_support": 6,
    "help_with_rent": 6,
    "child_costs": 3,
    "homelessness": 4,
    "social_housing": 5,
    "home_repairs": 4,
    "home_adaptations": 1.5,
    "health_services": 4,
    "mental_wellbeing": 3.5,
    "adult_social_care": 3,
    "carers_support": 1.5,
    "employment_support": 3,
    "adult_learning": 1.5,
    "antisocial_behaviour": 2,
    "domestic_abuse": 1.5,
    "family_support": 2,
    "send_support": 1.5,
    "community_hubs": 2,
    "other_council_service": 4,
    "out_of_scope": 1.5,
    CRISIS_NEED: 0.5,  # rare: about 0.5% of events
}
DEFAULT_NEED_WEIGHT = 1.0

# Month multipliers (local month) on a need's weight; unlisted months are 1.
SEASONAL: dict[str, dict[int, float]] = {
    # Heating season; April and October also see price-cap changes.
    "energy_bills": {1: 1.8, 2: 1.6, 3: 1.2, 5: 0.6, 6: 0.5, 7: 0.5,
                     8: 0.5, 9: 0.7, 10: 1.1, 11: 1.5, 12: 1.8},
    # "Heat or eat" in winter and Christmas; a smaller bump when school meals stop in summer.
    "food_and_essentials": {11: 1.3, 12: 1.5, 1: 1.4, 2: 1.2, 7: 1.1, 8: 1.2},
    # Annual bills arrive in March, the first instalment is due in April.
    "council_tax_support": {3: 2.2, 4: 2.5, 5: 1.2, 6: 0.9, 7: 0.9, 8: 0.9, 9: 0.9, 10: 0.9},
    # School uniforms and trips before the autumn term.
    "child_costs": {8: 1.5, 9: 1.3},
    # Damp and mould once the heating goes on.
    "home_repairs": {11: 1.3, 12: 1.3, 1: 1.3, 2: 1.2},
}  # fmt: skip

# --- When ---------------------------------------------------------------------------
# Overall volume by local month: busy after Christmas, quiet in the August holidays.
MONTH_VOLUME = {
    1: 1.15, 2: 1.05, 3: 1.05, 4: 1.0, 5: 0.95, 6: 0.95,
    7: 0.9, 8: 0.85, 9: 1.0, 10: 1.05, 11: 1.05, 12: 0.95,
}  # fmt: skip
# Monday to Sunday: problems pile up over the weekend and are raised on Monday.
WEEKDAY_VOLUME = (1.2, 1.1, 1.05, 1.0, 0.9, 0.55, 0.5)
# Local hour 0..23: little overnight, a lunchtime peak and an evening peak after work
# and once children are in bed.
HOUR_VOLUME = (
    0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 2.0, 3.5, 4.0, 4.2,
    5.0, 4.8, 3.8, 3.5, 3.2, 3.3, 3.8, 4.5, 4.8, 3.8, 2.0, 1.0,
)  # fmt: skip
QUIET_DAYS = {(12, 25): 0.2, (12, 26): 0.4, (1, 1): 0.4}  # (month, day): multiplier

# --- Where ----------------------------------------------------------------------------
HUB_SHARE = 0.15  # of conversations; the rest are on the website
# Hub desks are staffed in office hours (local weekday: opening hours), so hub events
# only happen then; the hub chance in those hours is raised to keep HUB_SHARE overall.
HUB_HOURS = {0: range(9, 17), 1: range(9, 17), 2: range(9, 17), 3: range(9, 17),
             4: range(9, 17), 5: range(9, 12)}  # fmt: skip
OWN_HUB = 0.8  # a resident who names their area is usually at the hub that serves it
AREA_UNSAID = 0.40  # residents often do not say where they live
WARD_SHARE = 0.10  # of stated areas: a ward name rather than a postcode district
# Rough population by district (Hartlepool part only: TS27 is mostly County Durham),
# nudged towards TS24 and TS25, whose estates are the most deprived.
DISTRICT_WEIGHTS = {"TS24": 0.35, "TS25": 0.38, "TS26": 0.24, "TS27": 0.03}
DEFAULT_DISTRICT_WEIGHT = 0.05
# Wards are drawn evenly: boundaries were drawn for equal electorates (3 councillors each).

# --- Conversations and outcomes -------------------------------------------------------
EVENTS_PER_CONVERSATION = {1: 0.6, 2: 0.25, 3: 0.1, 4: 0.05}  # mean 1.6
SAME_NEED_AGAIN = 0.5  # a later event is often a follow-up ("what's their number?")
NEXT_HOUR = 0.25  # a later event falls in the next hour (the same local day only)
DEGRADED = 0.005  # engine or action server down: nothing is known about the need
NO_MATCH = 0.08
NO_MATCH_GUESS = 0.5  # a no_match keeps the model's low-confidence best guess
HANDOFF = 0.04
HANDOFF_WITH_NEED = 0.5  # "that is all I know about X"; otherwise "I want a person"
CHECK_COMPLETED = 0.03  # of all events; only money needs have a check to complete
MEDIUM_CONFIDENCE = 0.15  # of understood messages
SAFETY_NET_CRISIS = 0.3  # crisis caught by the safety net, not the model: no band
SERVICES_SHOWN = {1: 0.3, 2: 0.4, 3: 0.3}  # cards per reply
# How often a finished check says a resident may get each entitlement (made up,
# but shaped by who uses a money check: mostly working-age renters on low pay).
CHECK_FINDS = {
    "universal_credit": 0.55,
    "council_tax_reduction": 0.6,
    "warm_home_discount": 0.45,
    "household_support": 0.4,
    "child_benefit": 0.3,
    "free_school_meals": 0.2,
    "pension_credit": 0.15,
    "housing_benefit": 0.1,
    "pip": 0.12,
    "carers_allowance": 0.06,
    "attendance_allowance": 0.05,
    "healthy_start": 0.05,
    "discretionary_housing_payment": 0.05,
    "disabled_facilities_grant": 0.02,
}


class _Weighted:
    """Draws from fixed weights with one random number and a binary search."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.weights = list(weights)
        self.cumulative = list(accumulate(self.weights))
        self.total = self.cumulative[-1]

    def index(self, rng: Random) -> int:
        return bisect_right(self.cumulative, rng.random() * self.total)

    def draw(self, rng: Random) -> Any:
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]


@dataclass
class _Slots:
    """Every UTC hour in the window, weighted by how busy that local hour is."""

    hours: list[datetime]
    weights: _Weighted  # items: slot indexes
    months: list[int]  # local month of each slot
    days: list[int]  # local day ordinal, to keep a conversation within one day
    hub_open: list[bool]


@dataclass
class _Shape:
    slots: _Slots
    needs_by_month: dict[int, _Weighted]
    need_rows: dict[str, tuple[str | None, list[str]]]  # id: (priority, also)
    money: frozenset[str]
    cards: dict[str, _Weighted]  # need id: lists of service ids shown together
    areas: _Weighted  # items: (area, hub serving it)
    hubs: list[str]
    hub_when_open: float
    check_for_money: float
    conversation_sizes: _Weighted


def synthesise(
    database_url: str,
    *,
    events: int,
    months: int = 12,
    end: datetime | None = None,
    seed: int = 2026,
) -> int:
    """Write `events` synthetic demand events over the `months` before `end`; return the count.

    Deterministic for a seed and an `end` (a naive `end` is taken as UTC).
    """
    if events < 0 or months < 1:
        raise ValueError("events must be 0 or more and months 1 or more")
    end = end or datetime.now(UTC)
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    shape = _build_shape(load_taxonomy(), read_content(), _window(end, months))
    rows = _events(shape, Random(seed), events)
    statement = insert(DemandEvent.__table__)
    written = 0
    with get_engine(database_url).connect() as connection, _big_cache(connection):
        for batch in iter(lambda: list(islice(rows, BATCH_SIZE)), []):
            with connection.begin():  # one transaction per batch
                connection.execute(statement, batch)
            written += len(batch)
    return written


@contextmanager
def _big_cache(connection: Connection) -> Iterator[None]:
    """A larger SQLite page cache for this connection while it writes, then the old one."""
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")
        connection.commit()


def _window(end: datetime, months: int) -> tuple[datetime, datetime]:
    """From the same time `months` calendar months before `end` (31 March less one: 28 Feb)."""
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    day = min(end.day, monthrange(year, month + 1)[1])
    start = end.replace(year=year, month=month + 1, day=day)
    return start.astimezone(UTC), end.astimezone(UTC)


def _build_shape(taxonomy: Taxonomy, content: Content, window: tuple[datetime, datetime]) -> _Shape:
    need_ids = taxonomy.need_ids
    _check_known("need", [*NEED_WEIGHTS, *SEASONAL], need_ids)
    if taxonomy.priority(CHECK_PRIORITY) is None:
        raise ValueError(f"priority {CHECK_PRIORITY!r} is not in the taxonomy")
    money = frozenset(n.id for n in taxonomy.needs if n.priority == CHECK_PRIORITY)
    base = {n: NEED_WEIGHTS.get(n, DEFAULT_NEED_WEIGHT) for n in need_ids}
    by_month = {
        m: _Weighted(need_ids, [base[n] * SEASONAL.get(n, {}).get(m, 1.0) for n in need_ids])
        for m in range(1, 13)
    }
    slots = _slots(*window)
    hubs = [hub.id for hub in community_hubs(content)]
    open_share = _share(slots.weights, {i for i, o in enumerate(slots.hub_open) if o})
    understood = 1 - DEGRADED - NO_MATCH - HANDOFF
    money_share = sum(_share(by_month[m], money) for m in by_month) / 12
    return _Shape(
        slots=slots,
        needs_by_month=by_month,
        need_rows={n.id: (n.priority, list(n.also)) for n in taxonomy.needs},
        money=money,
        cards={need: _card_choices(ids) for need, ids in _services_by_need(content).items()},
        areas=_areas(content),
        hubs=hubs,
        hub_when_open=min(1.0, HUB_SHARE / open_share) if open_share else 0.0,
        check_for_money=min(1.0, CHECK_COMPLETED / (understood * money_share)),
        conversation_sizes=_Weighted(
            list(EVENTS_PER_CONVERSATION), list(EVENTS_PER_CONVERSATION.values())
        ),
    )


def _check_known(kind: str, ids: Sequence[str], known: Sequence[str]) -> None:
    unknown = sorted(set(ids) - set(known))
    if unknown:
        raise ValueError(f"weighted {kind} id(s) not in the taxonomy or content: {unknown}")


def _share(weighted: _Weighted, items: Set[Any]) -> float:
    """The chance that a draw is one of `items`."""
    pairs = zip(weighted.items, weighted.weights, strict=True)
    return sum(w for item, w in pairs if item in items) / weighted.total


def _slots(start: datetime, end: datetime) -> _Slots:
    hours, weights, months, days, hub_open = [], [], [], [], []
    hour = start.replace(minute=0, second=0, microsecond=0)
    while hour < end:
        local = hour.astimezone(LONDON)
        weekday = local.weekday()
        hours.append(hour)
        weights.append(
            HOUR_VOLUME[local.hour]
            * WEEKDAY_VOLUME[weekday]
            * MONTH_VOLUME[local.month]
            * QUIET_DAYS.get((local.month, local.day), 1.0)
        )
        months.append(local.month)
        days.append(local.toordinal())
        hub_open.append(local.hour in HUB_HOURS.get(weekday, ()))
        hour += timedelta(hours=1)
    if not hours:
        raise ValueError("the window holds no whole hour")
    return _Slots(hours, _Weighted(range(len(hours)), weights), months, days, hub_open)


def _services_by_need(content: Content) -> dict[str, list[str]]:
    services: dict[str, list[str]] = {}
    for _, service in content.services():
        for need in service.needs:
            services.setdefault(need, []).append(service.id)
    return services


def _card_choices(serving: list[str]) -> _Weighted:
    """Every set of 1 to 3 of a need's services, in content order, weighted by SERVICES_SHOWN.

    Drawn whole with one random number: rng.sample per event is the slowest step.
    """
    by_size: dict[int, float] = {}
    for size, weight in SERVICES_SHOWN.items():
        by_size[min(size, len(serving))] = by_size.get(min(size, len(serving)), 0) + weight
    items, weights = [], []
    for size, weight in by_size.items():
        sets = [list(ids) for ids in combinations(serving, size)]
        items.extend(sets)
        weights.extend([weight / len(sets)] * len(sets))
    return _Weighted(items, weights)


def _areas(content: Content) -> _Weighted:
    """Stated areas with the hub serving each, plus None for "not said"."""
    districts = {d.code: d.hub for d in content.area.districts}
    _check_known("district", list(DISTRICT_WEIGHTS), list(districts))
    wards = {w.name: w.hub for w in content.area.wards}
    stated = 1 - AREA_UNSAID
    district_total = sum(DISTRICT_WEIGHTS.get(c, DEFAULT_DISTRICT_WEIGHT) for c in districts)
    items: list[tuple[str | None, str | None]] = [(None, None)]
    weights = [AREA_UNSAID]
    for code, hub in districts.items():
        items.append((code, hub))
        share = DISTRICT_WEIGHTS.get(code, DEFAULT_DISTRICT_WEIGHT) / district_total
        weights.append(stated * (1 - WARD_SHARE) * share)
    for name, hub in wards.items():
        items.append((name, hub))
        weights.append(stated * WARD_SHARE / len(wards))
    return _Weighted(items, weights)


def _conversations(shape: _Shape, rng: Random, count: int) -> list[tuple[int, int]]:
    """(first slot, events) for conversations making `count` events, in time order.

    In time order because a real log is written that way: the table and its
    indexes then look like production's, for the benchmark's sake.
    """
    plan = []
    made = 0
    while made < count:
        size = min(shape.conversation_sizes.draw(rng), count - made)
        plan.append((shape.slots.weights.index(rng), size))
        made += size
    plan.sort()
    return plan


def _events(shape: _Shape, rng: Random, count: int) -> Iterator[dict[str, Any]]:
    """Rows, a conversation at a time, until `count` have been made."""
    slots = shape.slots
    last_slot = len(slots.hours) - 1
    for slot, size in _conversations(shape, rng, count):
        key = f"{rng.getrandbits(128):032x}"
        area, area_hub = shape.areas.draw(rng)
        hub_id = None
        if slots.hub_open[slot] and rng.random() < shape.hub_when_open:
            own = area_hub is not None and rng.random() < OWN_HUB
            hub_id = area_hub if own else shape.hubs[int(rng.random() * len(shape.hubs))]
        where = {
            "channel": "hub" if hub_id else "web",
            "hub_id": hub_id,
            "area": area,
            "conversation_key": key,
        }
        need = ""
        for position in range(size):
            if position:
                same_day = slot < last_slot and slots.days[slot + 1] == slots.days[slot]
                if same_day and rng.random() < NEXT_HOUR:
                    slot += 1
            if not position or rng.random() >= SAME_NEED_AGAIN:
                need = shape.needs_by_month[slots.months[slot]].draw(rng)
            yield _event(shape, rng, need, slots.hours[slot], where)


def _event(
    shape: _Shape, rng: Random, need: str, hour: datetime, where: dict[str, Any]
) -> dict[str, Any]:
    """What the assistant made of one message whose real need is `need`."""
    services: list[str] = []
    found: list[str] = []
    if need == CRISIS_NEED:  # the crisis reply always goes out, even when degraded
        outcome, need_id = "crisis", need
        band = None if rng.random() < SAFETY_NET_CRISIS else "high"
    else:
        draw = rng.random()
        if draw < DEGRADED:
            outcome, need_id, band = "degraded", None, None
        elif draw < DEGRADED + NO_MATCH:
            outcome, band = "no_match", "low"
            need_id = need if rng.random() < NO_MATCH_GUESS else None
        elif draw < DEGRADED + NO_MATCH + HANDOFF:
            outcome = "handoff"
            need_id = need if rng.random() < HANDOFF_WITH_NEED else None
            band = _band(rng) if need_id else "low"
        else:
            is_check = need in shape.money and rng.random() < shape.check_for_money
            outcome = "check_completed" if is_check else "signposted"
            need_id, band = need, _band(rng)
            cards = shape.cards.get(need)
            services = cards.draw(rng) if cards else []
            if is_check:
                found = [i for i, share in CHECK_FINDS.items() if rng.random() < share]
    priority, also = shape.need_rows[need_id] if need_id else (None, [])
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "occurred_hour": hour,
        "need_id": need_id,
        "priority_id": priority,
        "secondary_priority_ids": also,
        "outcome": outcome,
        "service_ids": services,
        "entitlement_ids": found,
        "confidence_band": band,
        **where,
    }


def _band(rng: Random) -> str:
    return "medium" if rng.random() < MEDIUM_CONFIDENCE else "high"
