"""Small-count suppression of a two-way table published with its row, column and grand totals.

Primary suppression hides every entry (cell or total) under the threshold. Complementary suppression
then makes sure none of them can be worked out from what is published: it suffices that every hidden
entry lies on a cycle of hidden entries, all the others of which are positive.

Why: write the table with its totals as an (m+1) x (n+1) grid, the totals negated and the grand total
kept, so that every line of the grid sums to zero. Adding +1, -1, +1, ... around a cycle of entries
(alternately along a row and a column) keeps every line's sum, so a second table of non-negative
integers agrees with everything published and differs in each entry of the cycle; one of the two
directions only lowers entries other than the one protected, and those are positive. The cycles are
found cheapest first (Dijkstra over the grid's rows and columns), hiding as little as possible.
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


def _cycle_path(
    grid: list[list[int]], hidden: set[tuple[int, int]], r: int, c: int
) -> list[tuple[int, int]] | None:
    """The cheapest path from row ``r`` to column ``c`` through positive entries other than (r, c):
    hidden ones cost almost nothing, published ones their value. Nodes: ('r', i) and ('c', j)."""
    rows, cols = len(grid), len(grid[0])
    start, goal = ("r", r), ("c", c)
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
        for other in others:
            i, j = (index, other[1]) if side == "r" else (other[1], index)
            if (i, j) == (r, c) or grid[i][j] <= 0:
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
            path = _cycle_path(grid, hidden, *entry)
            if path is None:  # no cycle of positive entries exists: publish nothing
                return SuppressedTable([[None for _ in row] for row in grid])
            hidden.update(path)
            protected.add(entry)
    return SuppressedTable(
        [[None if (i, j) in hidden else v for j, v in enumerate(row)] for i, row in enumerate(grid)]
    )
