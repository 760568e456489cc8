"""Line-by-line comparison of two texts, in bounded time whatever the texts.

difflib's SequenceMatcher, which the history first used, is quadratic on
repeated lines: two bodies of 2,000 short repeated lines took over a minute, and
the history page a worker's whole timeout. ``line_diff()`` leaves out the lines
both texts begin and end with, then finds the fewest lines to remove and add
with Myers's algorithm, whose work grows with the size of the texts times the
number of changes, whatever lines repeat. Past WORK_BUDGET steps it stops and
shows the changed stretch whole, every old line removed then every new line
added: coarser, and said to be. It shows at most MAX_LINES lines.
bench/diff.py times the worst cases.
"""

import itertools
from array import array
from collections import Counter
from dataclasses import dataclass, field

CONTEXT_LINES = 2
# Steps of the search (each a comparison of two lines, or the choice of a move):
# about a quarter of a second (bench/diff.py).
WORK_BUDGET = 200_000
# The most lines a comparison shows: each takes a few microseconds to render.
MAX_LINES = 2_000


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed", "same" or "gap"
    text: str


@dataclass(frozen=True)
class LineDiff:
    lines: list[DiffLine] = field(default_factory=list)
    # The number of lines of the comparison left out after MAX_LINES.
    left_out: int = 0
    # True when the changed stretch is shown whole, past the budget: it may
    # show lines as removed and added that did not change.
    is_coarse: bool = False


class OverBudget(Exception):
    """Raised when a comparison would take more than its budget."""


def line_diff(old, new, budget=None):
    """Return the changed lines of a text, with CONTEXT_LINES around them, in at
    most ``budget`` (WORK_BUDGET) steps."""
    before, after = old.splitlines(), new.splitlines()
    head, tail = _common_ends(before, after)
    changed_before = (head, len(before) - tail)
    changed_after = (head, len(after) - tail)
    if changed_before[0] == changed_before[1] and changed_after[0] == changed_after[1]:
        return LineDiff()
    try:
        changes = [
            (i1 + head, i2 + head, j1 + head, j2 + head)
            for i1, i2, j1, j2 in fewest_changes(
                before[slice(*changed_before)],
                after[slice(*changed_after)],
                WORK_BUDGET if budget is None else budget,
            )
        ]
        is_coarse = False
    except OverBudget:
        changes = [(*changed_before, *changed_after)]
        is_coarse = True
    shown = _each_line(before, after, changes)
    lines = list(itertools.islice(shown, MAX_LINES))
    return LineDiff(lines, left_out=sum(1 for _ in shown), is_coarse=is_coarse)


def _common_ends(before, after):
    """Return how many lines the texts begin with, and end with, in common."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, tail


def fewest_changes(a, b, budget=WORK_BUDGET):
    """Return the changes (i1, i2, j1, j2: a[i1:i2] replaced by b[j1:j2]) that
    turn ``a`` into ``b`` with the fewest lines removed and added; raise
    OverBudget past ``budget`` steps.

    A line found in only one of the texts is a change whatever the rest: the
    search runs on the other lines only (a rewritten text is then quick).
    """
    numbers = {}
    a = [numbers.setdefault(line, len(numbers)) for line in a]
    b = [numbers.setdefault(line, len(numbers)) for line in b]
    in_a, in_b = set(a), set(b)
    kept_a = [i for i, line in enumerate(a) if line in in_b]
    kept_b = [j for j, line in enumerate(b) if line in in_a]
    a_kept, b_kept = [a[i] for i in kept_a], [b[j] for j in kept_b]
    # Each copy of a line that one text has more of is a change: with that many
    # changes, the search's rounds alone would pass the budget.
    counts_a, counts_b = Counter(a_kept), Counter(b_kept)
    least = (counts_a - counts_b).total() + (counts_b - counts_a).total()
    if least * (least + 1) // 2 > budget:
        raise OverBudget
    pairs = _matched_pairs(a_kept, b_kept, budget)
    changes = []
    i_end = j_end = 0
    for x, y in pairs:
        i, j = kept_a[x], kept_b[y]
        if (i, j) != (i_end, j_end):
            changes.append((i_end, i, j_end, j))
        i_end, j_end = i + 1, j + 1
    if (i_end, j_end) != (len(a), len(b)):
        changes.append((i_end, len(a), j_end, len(b)))
    return changes


def _matched_pairs(a, b, budget):
    """Return the pairs (x, y) of equal lines a[x] == b[y] that the fewest
    changes keep, in order.

    Myers's greedy algorithm: round d finds, on each diagonal k = x - y, the
    furthest point (x, y) reached with d lines removed or added; the rounds'
    points are kept to trace the path back.
    """
    n, m = len(a), len(b)
    rounds = []  # rounds[d][i]: the furthest x on diagonal k = 2 * i - d
    for d in range(n + m + 1):
        budget -= d + 1
        previous = rounds[-1] if rounds else None
        furthest = array("l", bytes(8 * (d + 1)))
        for i in range(d + 1):
            k = 2 * i - d
            if d == 0:
                x = 0
            elif k == -d or (k != d and previous[i - 1] < previous[i]):
                x = previous[i]  # down from diagonal k + 1: b[y - 1] added
            else:
                x = previous[i - 1] + 1  # right from diagonal k - 1: a[x - 1] removed
            y = x - k
            start = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            budget -= x - start
            if budget < 0:
                raise OverBudget
            furthest[i] = x
            if x >= n and y >= m:
                rounds.append(furthest)
                return _trace_back(rounds, i, n, m)
        rounds.append(furthest)
    raise AssertionError("unreachable: n + m rounds always reach the end")


def _trace_back(rounds, i, n, m):
    """Return the pairs of equal lines on the path ending at (n, m) in the
    last round, at index i."""
    pairs = []
    x, y = n, m
    for d in range(len(rounds) - 1, 0, -1):
        k = 2 * i - d
        previous = rounds[d - 1]
        if k == -d or (k != d and previous[i - 1] < previous[i]):
            x_before = previous[i]  # down from diagonal k + 1
            y_before = x_before - (k + 1)
            start = x_before
        else:
            i -= 1  # right from diagonal k - 1
            x_before = previous[i]
            y_before = x_before - (k - 1)
            start = x_before + 1
        pairs.extend((x - t, y - t) for t in range(1, x - start + 1))
        x, y = x_before, y_before
    pairs.extend((x - t, y - t) for t in range(1, x + 1))
    return pairs[::-1]


def _each_line(before, after, changes):
    """Yield the lines of the changes, CONTEXT_LINES unchanged lines around
    each, and a gap between changes further apart."""
    shown = None  # where the lines shown so far end in ``before``
    for i1, i2, j1, j2 in changes:
        if shown is None:
            yield from _same(before[max(0, i1 - CONTEXT_LINES) : i1])
        elif i1 - shown > 2 * CONTEXT_LINES:
            yield from _same(before[shown : shown + CONTEXT_LINES])
            yield DiffLine("gap", "…")
            yield from _same(before[i1 - CONTEXT_LINES : i1])
        else:
            yield from _same(before[shown:i1])
        yield from (DiffLine("removed", text) for text in before[i1:i2])
        yield from (DiffLine("added", text) for text in after[j1:j2])
        shown = i2
    yield from _same(before[shown : shown + CONTEXT_LINES])


def _same(lines):
    return (DiffLine("same", text) for text in lines)
