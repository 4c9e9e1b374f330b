"""The Table shape, and laying out a list of counts as one, suppressed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from demand.suppression import HIDDEN, shown, small_label, suppress_counts

OTHER = "Other"
TOTAL = "Total"
REQUESTS = "Requests"

# A row before display: label, true count, whether it is hidden.
Row = tuple[str, int, bool]


@dataclass(frozen=True)
class Table:
    """One table as shown: counts after suppression are an int, "<5" or "[c]"."""

    id: str
    title: str
    columns: list[str]  # header labels; the first heads the row labels
    rows: list[list[str | int]]  # first cell is the row label
    total_row: list[str | int] | None  # "Total" row, or None when there are no rows
    note: str | None = None


def suppressed_table(
    table_id: str,
    title: str,
    header: str,
    counts: dict[str, int],
    threshold: int,
    hide_total: bool,
    *,
    other: int = 0,
    note: str | None = None,
) -> Table:
    """A 1-D table of label -> count with its total, suppressed; `other` goes last."""
    labels = list(counts) + ([OTHER] if other else [])
    values = [counts[label] for label in counts] + ([other] if other else [])
    hidden, total_hidden = suppress_counts(values, threshold, hide_total=hide_total)
    rows = list(zip(labels, values, hidden, strict=True))
    return list_table(
        table_id,
        title,
        header,
        rows,
        total=sum(values),
        total_hidden=total_hidden,
        threshold=threshold,
        note=note,
    )


def overlapping_table(
    table_id: str, title: str, header: str, rows: list[Row], threshold: int, *, note: str
) -> Table:
    """A 1-D table whose rows overlap (one event in several), so it has no total row."""
    table = list_table(
        table_id, title, header, rows, total=0, total_hidden=False, threshold=threshold, note=note
    )
    return replace(table, total_row=None)


def list_table(
    table_id: str,
    title: str,
    header: str,
    rows: Sequence[Row],
    *,
    total: int,
    total_hidden: bool,
    threshold: int,
    note: str | None = None,
) -> Table:
    """Lay out a 1-D table: biggest shown counts first, then hidden ones by label, Other last.

    Hidden rows are not placed by their true counts: their order would give
    away which hidden number is bigger.
    """

    def order(row: Row) -> tuple[bool, bool, int, str]:
        label, count, hidden = row
        return (label == OTHER, hidden, -count if not hidden else 0, label)

    shown_rows: list[list[str | int]] = [
        [label, shown(count, hidden, threshold)] for label, count, hidden in sorted(rows, key=order)
    ]
    total_row: list[str | int] | None = (
        [TOTAL, shown(total, total_hidden, threshold)] if shown_rows else None
    )
    return Table(
        id=table_id,
        title=title,
        columns=[header, REQUESTS],
        rows=shown_rows,
        total_row=total_row,
        note=symbols_note([*shown_rows, *([total_row] if total_row else [])], threshold, note),
    )


def symbols_note(
    rows: Iterable[Sequence[str | int]], threshold: int, extra: str | None
) -> str | None:
    """Explain the symbols a table uses, after any note of its own."""
    cells = {c for row in rows for c in row[1:] if isinstance(c, str)}
    parts = [extra] if extra else []
    small = small_label(threshold)
    if small in cells:
        parts.append(f"{small} means 1 to {threshold - 1} requests, not shown to protect privacy.")
    if HIDDEN in cells:
        parts.append(f"{HIDDEN} means hidden so that a smaller number cannot be worked out.")
    return " ".join(parts) or None
