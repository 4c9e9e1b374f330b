"""Each table the dashboard shows, from the counts queries.py makes, with its labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from demand.figures.layout import (
    TOTAL,
    Row,
    Table,
    list_table,
    overlapping_table,
    suppressed_table,
    symbols_note,
)
from demand.figures.queries import Counts
from demand.suppression import is_small, shown, suppression_mask, with_margins
from knowledge.entitlements.ruleset import load_ruleset
from knowledge.taxonomy import load_taxonomy

UNMET_TOP = 10
PERIOD_NOTES = {"week": "Weeks start on Monday, UK time.", "month": "Months are in UK time."}

CHANNEL_LABELS = {"web": "Website", "hub": "Community hub"}
OUTCOME_LABELS = {
    "signposted": "Shown where to get help",
    "check_completed": "Finished an entitlements check",
    "handoff": "Asked to talk to a person",
    "no_match": "Not understood",
    "crisis": "Emergency reply",
    "degraded": "Assistant unavailable",
}
NO_PRIORITY = "Not known"
NO_NEED = "Not understood"
NO_AREA = "Not given"
NO_GUESS = "No guess"


def over_time(counts: Counts, granularity: str, threshold: int) -> tuple[Table, Table, int, bool]:
    """The periods x priorities table, the priority table from its totals, and the total."""
    priorities = load_taxonomy().priorities
    known = [p.id for p in priorities]
    seen = {priority for _, priority in counts}
    unknown = sorted(p for p in seen if p is not None and p not in known)
    keys: list[str | None] = [*known, *unknown, None]
    labels = [p.title for p in priorities] + unknown + [NO_PRIORITY]

    periods = _all_periods({period for period, _ in counts}, granularity)
    full = with_margins([[counts[(p, k)] for k in keys] for p in periods], len(keys))
    mask = suppression_mask(full, threshold)
    grand, grand_hidden = full[-1][-1], mask[-1][-1]

    cells = [
        [shown(v, h, threshold) for v, h in zip(values, hidden, strict=True)]
        for values, hidden in zip(full, mask, strict=True)
    ]
    rows = [[_period_label(p, granularity), *cells[i]] for i, p in enumerate(periods)]
    by_period = Table(
        id="over_time",
        title=f"Requests each {granularity} by council priority",
        columns=[granularity.capitalize(), *labels, TOTAL],
        rows=rows,
        total_row=[TOTAL, *cells[-1]] if rows else None,
        note=symbols_note([*rows, [TOTAL, *cells[-1]]], threshold, PERIOD_NOTES[granularity]),
    )
    # The priority table repeats the row of totals, so it takes that row's mask.
    margin = [(label, full[-1][i], mask[-1][i]) for i, label in enumerate(labels) if full[-1][i]]
    by_priority = list_table(
        "by_priority",
        "Requests by council priority",
        "Council priority",
        margin,
        total=grand,
        total_hidden=grand_hidden,
        threshold=threshold,
    )
    return by_period, by_priority, grand, grand_hidden


def by_need(counts: Counts, threshold: int, hide_total: bool) -> Table:
    """Requests by need, from counts keyed (need id, outcome)."""
    needs = _merge((_need_label(need, NO_NEED), n) for (need, _), n in counts.items())
    return suppressed_table("by_need", "Requests by need", "Need", needs, threshold, hide_total)


def by_measure(counts: Counts, threshold: int, need_table: Table) -> Table:
    """Requests whose need informs each measure of success (measures share needs).

    A measure's count is hidden whenever one of its needs' counts is hidden in
    the need table, so no hidden need count can be found by subtraction. There
    is no total: a request can inform more than one measure.
    """
    hidden_needs = {row[0] for row in need_table.rows if isinstance(row[1], str)}
    per_need = _merge((need or "", n) for (need, _), n in counts.items())
    rows: list[Row] = []
    for measure in load_taxonomy().measures.measures:
        present = [n for n in measure.needs if per_need.get(n)]
        if not present:
            continue
        count = sum(per_need[n] for n in present)
        hides = any(_need_label(n, NO_NEED) in hidden_needs for n in present)
        rows.append((measure.title, count, hides or is_small(count, threshold)))
    return overlapping_table(
        "by_measure",
        "Requests by the measure of success they inform",
        "Measure of success",
        rows,
        threshold,
        note="A request can inform more than one measure, so there is no total.",
    )


def found_by_checks(found: Counter[str], threshold: int) -> Table:
    """What finished entitlements checks said residents may get (a check can find several)."""
    titles = {rule.id: rule.title for rule in load_ruleset().rules}
    rows = [(titles.get(i, i), n, is_small(n, threshold)) for i, n in found.items()]
    return overlapping_table(
        "found_by_checks",
        "What entitlements checks found",
        "Entitlement",
        rows,
        threshold,
        note="A check can find more than one entitlement, so there is no total.",
    )


def by_channel_and_area(counts: Counts, threshold: int, hide_total: bool) -> list[Table]:
    """The channel and area tables, from counts keyed (channel, area)."""
    channels = _merge((CHANNEL_LABELS.get(c, c), n) for (c, _), n in counts.items())
    areas = _merge((NO_AREA if area is None else area, n) for (_, area), n in counts.items())
    return [
        suppressed_table(
            "by_channel", "Requests by channel", "Channel", channels, threshold, hide_total
        ),
        suppressed_table("by_area", "Requests by area", "Area", areas, threshold, hide_total),
    ]


def by_outcome(counts: Counts, threshold: int, hide_total: bool) -> tuple[Table, bool]:
    """The outcome table, and whether its "not understood" count is hidden."""
    outcomes = _merge((OUTCOME_LABELS.get(o, o), n) for (_, o), n in counts.items())
    table = suppressed_table(
        "by_outcome", "Requests by outcome", "Outcome", outcomes, threshold, hide_total
    )
    label = OUTCOME_LABELS["no_match"]
    hidden = any(row[0] == label and isinstance(row[1], str) for row in table.rows)
    return table, hidden


def unmet_by_need(counts: Counts, threshold: int, hide_total: bool) -> Table:
    """Needs the assistant guessed at for requests it did not understand: top 10, then Other."""
    guesses = _merge(
        (_need_label(need, NO_GUESS), n)
        for (need, outcome), n in counts.items()
        if outcome == "no_match"
    )
    ranked = sorted(guesses.items(), key=lambda item: (-item[1], item[0]))
    top = dict(ranked[:UNMET_TOP])
    rest = sum(n for _, n in ranked[UNMET_TOP:])
    return suppressed_table(
        "unmet_by_need",
        "Requests not understood, by the need the assistant thought most likely",
        "Likely need",
        top,
        threshold,
        hide_total,
        other=rest,
        note="The likely need is the assistant's best guess when it was not confident.",
    )


def _merge(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Add up counts under the same label (several ids can share one)."""
    merged: Counter[str] = Counter()
    for label, n in pairs:
        merged[label] += n
    return dict(merged)


def _need_label(need_id: str | None, missing: str) -> str:
    if need_id is None:
        return missing
    need = load_taxonomy().need(need_id)
    return need.title if need else need_id


def _all_periods(keys: set[str], granularity: str) -> list[str]:
    """Every period from the first to the last with events, so gaps show as zeros."""
    if not keys:
        return []
    first, last = min(keys), max(keys)
    if granularity == "week":
        start, end = date.fromisoformat(first), date.fromisoformat(last)
        weeks = (end - start).days // 7
        return [(start + timedelta(weeks=i)).isoformat() for i in range(weeks + 1)]
    (y, m), (end_y, end_m) = (map(int, first.split("-")), map(int, last.split("-")))
    months = []
    while (y, m) <= (end_y, end_m):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _period_label(key: str, granularity: str) -> str:
    if granularity == "month":
        return key
    year, week, _ = date.fromisoformat(key).isocalendar()
    return f"{year}-W{week:02d}"
