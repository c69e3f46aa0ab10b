"""Complementary suppression: no published count under 10, and no hidden count derivable from the rest.

Each hidden entry's bounds are solved for with linear programming over every table that agrees with
what is published (line sums of the table with its totals, non-negative counts): a hidden entry whose
minimum equals its maximum would be recoverable. The constraint matrix of a two-way table with its
margins is totally unimodular, so both bounds are reached by integer tables.
"""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from common.suppression import THRESHOLD, suppress, with_totals


def bounds(published: list[list[int | None]]) -> dict[tuple[int, int], tuple[float, float]]:
    rows, cols = len(published), len(published[0])
    hidden = [(i, j) for i in range(rows) for j in range(cols) if published[i][j] is None]
    if not hidden:
        return {}
    index = {entry: k for k, entry in enumerate(hidden)}
    equations, targets = [], []

    def line(entries):
        # interior cells sum to the line's total: sum(cells) - total = 0
        coefficients, constant = np.zeros(len(hidden)), 0.0
        for (i, j), sign in entries:
            if (i, j) in index:
                coefficients[index[(i, j)]] += sign
            else:
                constant -= sign * published[i][j]
        equations.append(coefficients)
        targets.append(constant)

    for i in range(rows):
        line([((i, j), 1) for j in range(cols - 1)] + [((i, cols - 1), -1)])
    for j in range(cols):
        line([((i, j), 1) for i in range(rows - 1)] + [((rows - 1, j), -1)])
    found = {}
    for entry, k in index.items():
        objective = np.zeros(len(hidden))
        objective[k] = 1
        low = linprog(objective, A_eq=equations, b_eq=targets, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=equations, b_eq=targets, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)  # 3: no upper bound at all
        found[entry] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return found


def assert_safe(cells: list[list[int]]) -> None:
    published = suppress(cells).values
    truth = with_totals(cells)
    for i, row in enumerate(published):
        for j, value in enumerate(row):
            assert value is None or value >= THRESHOLD, "a count under 10 was published"
            assert value is None or value == truth[i][j]
    for entry, (low, high) in bounds(published).items():
        assert high - low >= 1 - 1e-6, f"hidden entry {entry} = {truth[entry[0]][entry[1]]} is recoverable"
        assert low - 1e-6 <= truth[entry[0]][entry[1]] <= high + 1e-6


def test_a_single_small_cell_takes_three_others_with_it():
    cells = [[50, 40, 30], [60, 3, 20], [70, 80, 90]]
    published = suppress(cells).values
    hidden = {(i, j) for i, row in enumerate(published) for j, v in enumerate(row) if v is None}
    assert (1, 1) in hidden and len(hidden) == 4
    assert_safe(cells)


def test_a_small_row_total_is_hidden_and_protected():
    assert_safe([[2, 3, 1], [40, 55, 61], [33, 12, 90]])


def test_zeros_are_hidden_too_and_cannot_be_pinned():
    assert_safe([[0, 0, 25], [0, 14, 30], [12, 0, 0]])


def test_a_table_of_small_counts_publishes_nothing_small():
    assert_safe([[1, 2], [3, 4]])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda rows: st.integers(1, 6).flatmap(
            lambda cols: st.lists(
                st.lists(st.one_of(st.integers(0, 12), st.integers(10, 300)), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_hidden_entry_is_recoverable(cells):
    assert_safe(cells)


@pytest.mark.parametrize("seed", range(3))
def test_a_sparse_state_by_year_table(seed):
    rng = random.Random(seed)
    cells = [[rng.choice([0, 0, 1, 4, 9, 12, 40, 300]) for _ in range(6)] for _ in range(30)]
    assert_safe(cells)


def test_an_all_zero_row_does_not_hide_the_whole_table():
    cells = [[0, 0, 0], [40, 55, 61], [33, 12, 90], [20, 30, 44]]
    published = suppress(cells).values
    assert sum(v is not None for row in published for v in row) >= 6
    assert_safe(cells)
