"""Small-number suppression: nothing under the threshold shows, nothing hidden can be subtracted."""

from __future__ import annotations

import random

import pytest

from demand.suppression import (
    HIDDEN,
    is_small,
    shown,
    suppress_counts,
    suppression_mask,
    with_margins,
)

T = 5
SEED = 20261123


def _lines(n_rows: int, n_cols: int, row_totals: bool, column_totals: bool) -> list[list]:
    """Every row and column that has a total, as its cells with the total last."""
    lines = []
    if row_totals:
        lines += [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    if column_totals:
        lines += [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    return lines


def _assert_safe(matrix, mask, *, row_totals: bool = True, column_totals: bool = True) -> None:
    for r, row in enumerate(matrix):
        for c, value in enumerate(row):
            if not mask[r][c]:
                assert value == 0 or value >= T, f"{value} shown at {(r, c)}"
            else:
                assert value != 0, f"a zero hidden at {(r, c)}"
    for line in _lines(len(matrix), len(matrix[0]), row_totals, column_totals):
        hidden = sum(mask[r][c] for r, c in line)
        assert hidden != 1, f"one hidden cell in {line}: {matrix} {mask}"


# Primary suppression and display


@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (4, True), (5, False)])
def test_small_is_one_up_to_below_the_threshold(count: int, small: bool) -> None:
    assert is_small(count, T) is small


def test_shown_values() -> None:
    assert shown(0, False, T) == 0
    assert shown(12, False, T) == 12
    assert shown(3, True, T) == "<5"
    assert shown(3, True, 10) == "<10"
    assert shown(40, True, T) == HIDDEN  # hidden to protect another: not "<5", which is untrue


# Hand-made 1-D tables


def test_one_small_cell_hides_the_next_smallest_too() -> None:
    hidden, total_hidden = suppress_counts([40, 3, 12, 9, 0], T)
    assert hidden == [False, True, False, True, False]
    assert not total_hidden


def test_two_small_cells_need_nothing_more() -> None:
    hidden, total_hidden = suppress_counts([40, 3, 2, 9], T)
    assert hidden == [False, True, True, False]
    assert not total_hidden


def test_nothing_small_hides_nothing() -> None:
    assert suppress_counts([40, 5, 0, 9], T) == ([False] * 4, False)


def test_a_lone_small_cell_hides_the_total() -> None:
    # The other cells are zero, so the total would give the small count away.
    assert suppress_counts([0, 3, 0], T) == ([False, True, False], True)


def test_a_small_total_is_hidden() -> None:
    assert suppress_counts([2, 1], T) == ([True, True], True)


def test_a_hidden_total_needs_a_second_hidden_cell() -> None:
    hidden, total_hidden = suppress_counts([30, 8, 20], T, hide_total=True)
    assert hidden == [False, True, False]
    assert total_hidden


def test_a_zero_total_is_never_hidden() -> None:
    assert suppress_counts([0, 0], T, hide_total=True) == ([False, False], False)


def test_empty_table() -> None:
    assert suppress_counts([], T) == ([], False)


# Hand-made 2-D tables


def test_two_way_table_hides_a_second_cell_in_row_and_column() -> None:
    cells = [[20, 3, 10], [30, 40, 50], [25, 35, 45]]
    full = with_margins(cells)
    assert full[0] == [20, 3, 10, 33]
    assert full[-1] == [75, 78, 105, 258]
    mask = suppression_mask(full, T)
    assert mask[0][1]
    assert sum(mask[0]) >= 2
    assert sum(row[1] for row in mask) >= 2
    _assert_safe(full, mask)


def test_a_small_margin_is_hidden_with_its_cells() -> None:
    full = with_margins([[1, 2], [30, 40]])
    mask = suppression_mask(full, T)
    assert mask[0] == [True, True, True]  # both cells and the row total (3)
    _assert_safe(full, mask)


def test_row_totals_only() -> None:
    matrix = [[3, 10, 13], [20, 30, 50]]
    mask = suppression_mask(matrix, T, column_totals=False)
    assert mask == [[True, True, False], [False, False, False]]


def test_threshold_must_be_positive() -> None:
    with pytest.raises(ValueError):
        suppression_mask([[1]], 0)


# Properties over many random tables


def _random_counts(rng: random.Random, n: int) -> list[int]:
    # Mostly small numbers and zeros, where suppression has work to do.
    return [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30]) for _ in range(n)]


def test_random_one_way_tables_are_safe() -> None:
    rng = random.Random(SEED)
    for _ in range(3000):
        counts = _random_counts(rng, rng.randint(1, 8))
        hidden, total_hidden = suppress_counts(counts, T, hide_total=rng.random() < 0.1)
        matrix = [[c] for c in [*counts, sum(counts)]]
        mask = [[h] for h in [*hidden, total_hidden]]
        _assert_safe(matrix, mask, row_totals=False)


def test_random_two_way_tables_are_safe() -> None:
    rng = random.Random(SEED)
    for _ in range(2000):
        n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 6)
        full = with_margins([_random_counts(rng, n_cols) for _ in range(n_rows)])
        mask = suppression_mask(full, T)
        _assert_safe(full, mask)


def test_random_tables_with_other_thresholds() -> None:
    rng = random.Random(SEED)
    for threshold in (2, 3, 10):
        for _ in range(300):
            n_cols = rng.randint(1, 5)
            full = with_margins([_random_counts(rng, n_cols) for _ in range(rng.randint(1, 5))])
            mask = suppression_mask(full, threshold)
            for r, row in enumerate(full):
                for c, value in enumerate(row):
                    assert mask[r][c] or not is_small(value, threshold)


def test_unsuppressed_cells_are_never_hidden_without_cause() -> None:
    rng = random.Random(SEED)
    for _ in range(500):
        counts = [rng.choice([0, 5, 9, 20]) for _ in range(rng.randint(1, 6))]
        assert suppress_counts(counts, T) == ([False] * len(counts), False)
