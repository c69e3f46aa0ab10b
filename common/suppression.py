"""Small-count suppression of a two-way table published with its row, column and grand totals.

Primary suppression hides every entry (cell or total) under the threshold. Complementary suppression
then makes sure none of them can be worked out from what is published: every hidden entry is put on a
cycle of hidden entries along which the counts can move by one without any going below zero.

Why: write the table with its totals as an (m+1) x (n+1) grid, the row and column totals negated, so
that every line of the grid sums to zero. Adding +1, -1, +1, ... around a cycle of entries
(alternately along a row and a column) keeps every line's sum, so when no entry that falls is at zero,
a second table of non-negative integers agrees with everything published and differs in the entry
protected. The cycles are found cheapest first (Dijkstra over the grid's rows and columns, each step's
direction fixed by the cycle's), hiding as little as possible.
"""

import heapq
from dataclasses import dataclass

THRESHOLD = 10


@dataclass(frozen=True)
class SuppressedTable:
    """``values[i][j]`` of the grid with totals (last row and column), None where hidden."""

    values: list[list[int | None]]

    @property
    def cells(self) -> list[list[int | None]]:
        return [row[:-1] for row in self.values[:-1]]

    @property
    def row_totals(self) -> list[int | None]:
        return [row[-1] for row in self.values[:-1]]

    @property
    def column_totals(self) -> list[int | None]:
        return self.values[-1][:-1]

    @property
    def grand_total(self) -> int | None:
        return self.values[-1][-1]


def with_totals(cells: list[list[int]]) -> list[list[int]]:
    columns = len(cells[0]) if cells else 0
    grid = [[*row, sum(row)] for row in cells]
    grid.append([sum(row[j] for row in cells) for j in range(columns)] + [sum(map(sum, cells))])
    return grid


def _margin(grid: list[list[int]], i: int, j: int) -> bool:
    """A row or column total (not the grand total): its sign is flipped in the zero-sum grid."""
    return (i == len(grid) - 1) != (j == len(grid[0]) - 1)


def _cycle_path(
    grid: list[list[int]], hidden: set[tuple[int, int]], r: int, c: int, sign: int
) -> list[tuple[int, int]] | None:
    """The cheapest cycle through (r, c) along which (r, c) moves by ``sign`` in the zero-sum grid and
    nothing that would fall below zero is at zero: a path from column ``c`` back to row ``r``, whose
    column-to-row steps move by -sign and row-to-column steps by +sign. Hidden entries cost almost
    nothing, published ones their value. Nodes: ('r', i) and ('c', j)."""
    rows, cols = len(grid), len(grid[0])
    start, goal = ("c", c), ("r", r)
    best: dict[tuple[str, int], float] = {start: 0.0}
    previous: dict[tuple[str, int], tuple[str, int]] = {}
    queue: list[tuple[float, tuple[str, int]]] = [(0.0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, float("inf")):
            continue
        side, index = node
        others = [("c", j) for j in range(cols)] if side == "r" else [("r", i) for i in range(rows)]
        move = sign if side == "r" else -sign
        for other in others:
            i, j = (index, other[1]) if side == "r" else (other[1], index)
            if (i, j) == (r, c):
                continue
            falls = (-move if _margin(grid, i, j) else move) < 0
            if falls and grid[i][j] <= 0:
                continue
            step = 0.001 if (i, j) in hidden else float(grid[i][j])
            if cost + step < best.get(other, float("inf")):
                best[other] = cost + step
                previous[other] = node
                heapq.heappush(queue, (cost + step, other))
    if goal not in previous:
        return None
    path, node = [], goal
    while node != start:
        before = previous[node]
        path.append((before[1], node[1]) if before[0] == "r" else (node[1], before[1]))
        node = before
    return path


def _protecting_cycle(grid, hidden, r: int, c: int) -> list[tuple[int, int]] | None:
    """A cycle letting (r, c) rise; failing that, one letting it fall when it is above zero."""
    rises = -1 if _margin(grid, r, c) else 1
    path = _cycle_path(grid, hidden, r, c, rises)
    if path is None and grid[r][c] > 0:
        path = _cycle_path(grid, hidden, r, c, -rises)
    return path


def suppress(cells: list[list[int]], *, threshold: int = THRESHOLD) -> SuppressedTable:
    """The table with its totals, every entry under ``threshold`` hidden and enough others hidden that
    no hidden entry can be derived from the published ones."""
    if not cells or not cells[0]:
        return SuppressedTable([[sum(map(sum, cells))]])
    grid = with_totals(cells)
    hidden = {(i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if value < threshold}
    protected: set[tuple[int, int]] = set()
    while pending := sorted(hidden - protected):
        for entry in pending:
            path = _protecting_cycle(grid, hidden, *entry)
            if path is None:  # nothing can protect it: publish nothing
                return SuppressedTable([[None for _ in row] for row in grid])
            hidden.update(path)
            protected.add(entry)
    return SuppressedTable(
        [[None if (i, j) in hidden else v for j, v in enumerate(row)] for i, row in enumerate(grid)]
    )
