"""The history's line diff: the fewest changed lines, in bounded work."""

import pytest
import reversion
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from reversion.models import Version

from releases import diffs
from releases.diffs import OverBudget, fewest_changes, line_diff
from releases.models import PressRelease
from tests.factories import make_release, make_user

REPEATED = "\n".join(["Line"] * 2000)
EVERY_7TH_CHANGED = "\n".join(
    "Other" if number % 7 == 0 else "Line" for number in range(2000)
)


def shown(diff):
    return [(line.kind, line.text) for line in diff.lines]


def apply(changes, a, b):
    """Return ``a`` with the changes made."""
    result, position = [], 0
    for i1, i2, j1, j2 in changes:
        result += a[position:i1] + b[j1:j2]
        position = i2
    return result + a[position:]


def longest_common(a, b):
    """Return the length of the longest common subsequence (plain dynamic
    programming, for small lists)."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            lengths[i + 1][j + 1] = (
                lengths[i][j] + 1
                if x == y
                else max(lengths[i][j + 1], lengths[i + 1][j])
            )
    return lengths[-1][-1]


def test_a_change_is_shown_with_two_lines_of_context():
    diff = line_diff(
        "Para one.\n\nPara two.\n\nPara three.", "Para one.\n\nPara 2.\n\nPara three."
    )
    assert shown(diff) == [
        ("same", "Para one."),
        ("same", ""),
        ("removed", "Para two."),
        ("added", "Para 2."),
        ("same", ""),
        ("same", "Para three."),
    ]
    assert (diff.is_coarse, diff.left_out) == (False, 0)


def test_changes_far_apart_are_separated_by_a_gap():
    old = [f"Line {number}" for number in range(1, 13)]
    new = ["First", *old[1:10], "Eleventh", old[11]]
    assert shown(line_diff("\n".join(old), "\n".join(new))) == [
        ("removed", "Line 1"),
        ("added", "First"),
        ("same", "Line 2"),
        ("same", "Line 3"),
        ("gap", "…"),
        ("same", "Line 9"),
        ("same", "Line 10"),
        ("removed", "Line 11"),
        ("added", "Eleventh"),
        ("same", "Line 12"),
    ]


def test_texts_with_the_same_lines_show_no_change():
    assert line_diff("One\r\nTwo", "One\nTwo\n").lines == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abc"), max_size=14),
    st.lists(st.sampled_from("abc"), max_size=14),
)
def test_the_changes_are_the_fewest_that_turn_one_text_into_the_other(a, b):
    changes = fewest_changes(a, b)
    assert apply(changes, a, b) == b
    changed = sum((i2 - i1) + (j2 - j1) for i1, i2, j1, j2 in changes)
    assert changed == len(a) + len(b) - 2 * longest_common(a, b)
    assert all(i1 < i2 or j1 < j2 for i1, i2, j1, j2 in changes)
    assert all(
        later[0] > earlier[1] and later[2] > earlier[3]
        for earlier, later in zip(changes, changes[1:], strict=False)
    )


def test_two_thousand_repeated_lines_are_compared_line_by_line():
    diff = line_diff(REPEATED, EVERY_7TH_CHANGED)
    assert not diff.is_coarse
    changed = [line for line in diff.lines if line.kind in ("added", "removed")]
    assert len(changed) == 2 * 286
    assert {line.text for line in changed if line.kind == "added"} == {"Other"}


def test_past_its_budget_the_search_stops():
    with pytest.raises(OverBudget):
        fewest_changes(REPEATED.split("\n"), EVERY_7TH_CHANGED.split("\n"), 10_000)


def test_past_the_budget_the_changed_stretch_is_shown_whole():
    old = "Intro\nKeep 1\nKeep 2\nA\nB\nA\nB\nEnd 1\nEnd 2\nEnd 3"
    new = "Intro\nKeep 1\nKeep 2\nB\nA\nB\nA\nEnd 1\nEnd 2\nEnd 3"
    assert not line_diff(old, new).is_coarse
    diff = line_diff(old, new, budget=5)
    assert diff.is_coarse
    assert shown(diff) == [
        ("same", "Keep 1"),
        ("same", "Keep 2"),
        *[("removed", text) for text in "ABAB"],
        *[("added", text) for text in "BABA"],
        ("same", "End 1"),
        ("same", "End 2"),
    ]


def test_a_search_that_cannot_keep_to_the_budget_is_not_started(monkeypatch):
    """2,000 more copies of a line are 2,000 changes at least: the search's
    rounds alone would pass the budget."""

    def search(*args):
        raise AssertionError("the search started")

    monkeypatch.setattr(diffs, "_matched_pairs", search)
    with pytest.raises(OverBudget):
        fewest_changes(["A"] * 3000 + ["B"], ["B"] + ["A"] * 1000, budget=10**6)


def test_a_long_comparison_shows_its_first_lines_and_counts_the_others(
    monkeypatch,
):
    monkeypatch.setattr(diffs, "MAX_LINES", 5)
    diff = line_diff("\n".join("abcdefgh"), "\n".join("ABCDEFGH"))
    assert shown(diff) == [
        ("removed", "a"),
        ("removed", "b"),
        ("removed", "c"),
        ("removed", "d"),
        ("removed", "e"),
    ]
    assert diff.left_out == 11


@pytest.mark.django_db
def test_the_changes_page_says_when_its_comparison_is_coarse_or_cut(
    client, monkeypatch
):
    monkeypatch.setattr(diffs, "WORK_BUDGET", 10_000)
    release = make_release(body=REPEATED, status=PressRelease.Status.DRAFT)
    for body in (REPEATED, EVERY_7TH_CHANGED):
        with reversion.create_revision():
            release.body = body
            release.save()
    version = Version.objects.get_for_object(release).order_by("pk").last()
    client.force_login(make_user("boss", is_superuser=True))
    response = client.get(
        reverse("admin:releases_pressrelease_changes", args=[release.pk, version.pk])
    )
    (body,) = response.context["comparison"].fields
    assert body.notes == [
        "Too many changes to compare line by line: from the first changed line "
        "to the last, every line is shown removed, then added.",
        "1,994 more lines of the comparison are not shown.",
    ]
    for note in body.notes:
        assert note in response.text
    # Lines 1 to 1,996 changed (the last four did not): all of them removed,
    # then the first four of those added.
    assert response.text.count("<del>- Line</del>") == 1996
    assert response.text.count("<ins>+ ") == 4
