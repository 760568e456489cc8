"""Time the history's line diff on the worst inputs an editor can save.

    python bench/diff.py        (or: make bench-diff)

For each case, two versions of a body (at most the longest body allowed) are
compared as the history's "Changes" page compares them: the time of the
comparison (best of REPEAT runs), of the whole field comparison rendered as
the page renders it, and what it shows. Exits with an error when a comparison
takes longer than TARGET_SECONDS.
"""

import os
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 3
TARGET_SECONDS = 0.5


def cases(limit):
    """Yield (name, old, new): the worst cases found, each within ``limit``."""
    rng = random.Random(12)
    repeated = ["Line"] * 2000
    yield (
        "2,000 repeated lines, every 7th changed",
        "\n".join(repeated),
        "\n".join("Other" if i % 7 == 0 else line for i, line in enumerate(repeated)),
    )
    alternating = ["A.", "B."] * 1500
    yield (
        "3,000 lines of two kinds, 200 random edits",
        "\n".join(alternating),
        "\n".join(edit(alternating, 200, rng, ["A.", "B.", "C."])),
    )
    short = [rng.choice("abc") for _ in range(limit // 2)]
    yield (
        f"{limit:,} characters: one-letter lines of 3 kinds, 1% random edits",
        "\n".join(short),
        "\n".join(edit(short, len(short) // 100, rng, list("abcd")))[:limit],
    )
    paragraphs = [sentence(rng) for _ in range(limit // 110)]
    body = "\n\n".join(paragraphs)
    yield (
        f"{limit:,} characters: {len(paragraphs)} paragraphs, 5% random edits",
        body,
        "\n\n".join(edit(paragraphs, len(paragraphs) // 20, rng, [sentence(rng)]))[
            :limit
        ],
    )
    yield (
        f"{limit:,} characters: {len(paragraphs)} paragraphs, all rewritten",
        body,
        "\n\n".join(sentence(rng) for _ in paragraphs)[:limit],
    )
    yield (
        f"{limit:,} characters: {len(paragraphs)} paragraphs, in reverse order",
        body,
        "\n\n".join(reversed(paragraphs)),
    )
    numbered = [f"{number}." for number in range(limit // 8)]
    yield (
        f"{len(numbered):,} numbered lines, in reverse order",
        "\n".join(numbered),
        "\n".join(reversed(numbered)),
    )
    words = ["space", "orbit", "CNES", "launch", "the", "of", "Mars", ""]
    lines = [" ".join(rng.choices(words, k=rng.randint(0, 3))) for _ in range(20000)]
    old = "\n".join(lines)[:limit]
    yield (
        f"{len(old):,} characters: random lines of few words, 10% random edits",
        old,
        "\n".join(edit(old.split("\n"), 2000, rng, words))[:limit],
    )
    yield (
        f"{limit:,} blank lines, one line added in the middle",
        "\n" * limit,
        "\n" * (limit // 2) + "x\n" + "\n" * (limit // 2 - 2),
    )
    yield (
        f"one line of {limit:,} characters, one character changed",
        "a" * limit,
        "a" * (limit // 2) + "b" + "a" * (limit // 2 - 1),
    )


def edit(lines, count, rng, vocabulary):
    """Return the lines with ``count`` random replacements, insertions and
    deletions."""
    lines = list(lines)
    for _ in range(count):
        position = rng.randrange(len(lines))
        action = rng.choice(("replace", "insert", "delete"))
        if action == "replace":
            lines[position] = rng.choice(vocabulary)
        elif action == "insert":
            lines.insert(position, rng.choice(vocabulary))
        else:
            del lines[position]
    return lines


def sentence(rng):
    return (
        " ".join(
            "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9)))
            for _ in range(15)
        ).capitalize()
        + "."
    )


def best_time(function):
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnespress.settings")
    import django

    django.setup()
    from django.template.loader import render_to_string

    from releases.diffs import WORK_BUDGET, line_diff
    from releases.history import compare_fields
    from releases.limits import BODY_MAX_LENGTH
    from releases.models import PressRelease

    print(f"Longest body allowed: {BODY_MAX_LENGTH:,} characters.")
    print(f"Work budget: {WORK_BUDGET:,} steps; target {TARGET_SECONDS} s.\n")
    print(f"{'case':<68} {'diff s':>7} {'page s':>7}  shown")
    slowest = 0.0
    for name, old, new in cases(BODY_MAX_LENGTH):
        assert len(old) <= BODY_MAX_LENGTH and len(new) <= BODY_MAX_LENGTH, name
        seconds, diff = best_time(lambda old=old, new=new: line_diff(old, new))

        def page(old=old, new=new):
            changes = compare_fields(PressRelease, {"body": old}, {"body": new})
            return render_to_string(
                "admin/releases/field_changes.html", {"changes": changes}
            )

        page_seconds, _html = best_time(page)
        kind = "coarse" if diff.is_coarse else "exact"
        shown = f"{kind}, {len(diff.lines):,} lines (+{diff.left_out:,} not shown)"
        print(f"{name:<68} {seconds:>7.3f} {page_seconds:>7.3f}  {shown}")
        slowest = max(slowest, seconds, page_seconds)
    print(f"\nSlowest: {slowest:.3f} s (target {TARGET_SECONDS} s).")
    if slowest > TARGET_SECONDS:
        sys.exit("A comparison took longer than the target.")


if __name__ == "__main__":
    main()
