"""Small-number suppression: hiding counts that could point to a person.

The rule, in plain words, for anyone checking how the figures are protected:

1. Any count from 1 up to one less than the threshold (usually 1 to 4) is not
   shown. It appears as "<5" instead. Zeros are shown as 0, because "nobody"
   points to no one. Totals follow the same rule.
2. A hidden number must not be worked out by taking the other numbers away
   from a total. So in every row and every column that has a total, including
   the row of totals and the column of totals, either nothing is hidden or at
   least two things are. When only one thing would be hidden, the next
   smallest non-zero count in that row or column is hidden too (or, if there
   is no other non-zero count, the total). Hiding that count can leave another
   row or column with only one hidden number, so the check repeats until every
   row and column passes.
3. A count hidden under rule 2 is always 5 or more (smaller ones are already
   hidden), so it is not shown as "<5", which would be untrue, but as "[c]",
   the government statistics symbol for "confidential".

What this does not do: it protects each table on its own against subtraction
within a row or a column. In rare layouts of a large two-way table, someone
solving several rows and columns together as equations could still narrow a
hidden number down. It also does not stop someone comparing two tables that
split the same requests different ways, or the same table asked for with
slightly different filters. The dashboard keeps the totals its tables share
consistent (see demand/figures/); publishing beyond the council's analysts
needs a person's review.

The functions here are pure: they take counts and return which to hide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# GSS symbol for a figure withheld to protect confidentiality.
HIDDEN = "[c]"

Cell = tuple[int, int]


def small_label(threshold: int) -> str:
    """How a primary-suppressed count is shown, e.g. "<5"."""
    return f"<{threshold}"


def is_small(count: int, threshold: int) -> bool:
    """True for a count that is too small to show (zero is not)."""
    return 0 < count < threshold


def suppression_mask(
    matrix: Sequence[Sequence[int]],
    threshold: int,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    forced: Iterable[Cell] = (),
) -> list[list[bool]]:
    """Which cells of `matrix` to hide: True means hidden.

    `matrix` includes its totals: when `row_totals`, the last column holds each
    row's total; when `column_totals`, the last row holds each column's total
    (and, with both, the bottom-right cell is the grand total). A 1-D list with
    a total is a one-column matrix with `row_totals=False`. `forced` cells are
    hidden whatever their value (unless zero), e.g. a total hidden in another table.
    Zeros are never hidden.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    values = [list(row) for row in matrix]
    mask = [[is_small(v, threshold) for v in row] for row in values]
    for r, c in forced:
        mask[r][c] = values[r][c] != 0  # a hidden zero would claim a count that is not there
    lines = _lines(len(values), len(values[0]) if values else 0, row_totals, column_totals)
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            cell = _second_cell(values, mask, parts, total)
            if cell is not None:
                mask[cell[0]][cell[1]] = True
                changed = True
    return mask


def _lines(
    n_rows: int, n_cols: int, row_totals: bool, column_totals: bool
) -> list[tuple[list[Cell], Cell]]:
    """Each row and column that has a total: (the cells that add up, the total)."""
    lines = []
    if row_totals and n_cols >= 2:
        lines += [([(r, c) for c in range(n_cols - 1)], (r, n_cols - 1)) for r in range(n_rows)]
    if column_totals and n_rows >= 2:
        lines += [([(r, c) for r in range(n_rows - 1)], (n_rows - 1, c)) for c in range(n_cols)]
    return lines


def _second_cell(
    values: list[list[int]], mask: list[list[bool]], parts: list[Cell], total: Cell
) -> Cell | None:
    """The cell to hide so this line does not have exactly one hidden cell, or None."""
    if sum(mask[r][c] for r, c in (*parts, total)) != 1:
        return None
    candidates = [(values[r][c], (r, c)) for r, c in parts if not mask[r][c] and values[r][c]]
    if candidates:
        return min(candidates)[1]
    # The one hidden cell is a part equal to the whole total, so hide the total.
    # (A hidden total over only zeros cannot happen, as zeros are never hidden;
    # the check keeps the loop finite whatever the input.)
    return None if mask[total[0]][total[1]] else total


def suppress_counts(
    counts: Sequence[int], threshold: int, *, hide_total: bool = False
) -> tuple[list[bool], bool]:
    """Hide cells of a 1-D table with its total: (mask for counts, whether the total is hidden)."""
    matrix = [[c] for c in counts] + [[sum(counts)]]
    forced = [(len(counts), 0)] if hide_total else []
    mask = suppression_mask(matrix, threshold, row_totals=False, forced=forced)
    return [row[0] for row in mask[:-1]], mask[-1][0]


def with_margins(cells: Sequence[Sequence[int]], width: int | None = None) -> list[list[int]]:
    """A 2-D table with each row's total appended and a row of column totals.

    `width` is the number of columns, needed only when there are no rows.
    """
    rows = [[*row, sum(row)] for row in cells]
    width = len(rows[0]) - 1 if rows else (width or 0)
    return [*rows, [sum(row[c] for row in rows) for c in range(width + 1)]]


def shown(count: int, hidden: bool, threshold: int) -> int | str:
    """A count as displayed: itself, "<5" if it is small, "[c]" if hidden to protect another."""
    if not hidden:
        return count
    return small_label(threshold) if is_small(count, threshold) else HIDDEN
