import datetime
import importlib
import random

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from freezegun import freeze_time

from releases.models import PressRelease
from releases.search import (
    _PUBLIC_PAGE,
    MARK_END,
    MARK_START,
    highlight,
    search_public,
    search_releases,
    uninstall_search_index,
)
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def found(text, queryset=None):
    queryset = queryset if queryset is not None else PressRelease.objects.all()
    return [release.title for release in search_releases(queryset, text)]


def results_page(client, text):
    return client.get(reverse("releases:list"), {"q": text})


def test_search_keeps_releases_containing_every_word():
    make_release("Mars rover", body="The rover landed on Mars.")
    make_release("Mars orbiter", body="An orbiter around Mars.")
    make_release("Lunar rover", body="A rover on the Moon.")
    assert found("mars ROVER") == ["Mars rover"]


def test_english_words_match_by_their_stem():
    make_release("Launch campaign", body="Both satellites were launched on Tuesday.")
    assert found("launches satellite") == ["Launch campaign"]


def test_french_plurals_and_accents_match():
    make_release(
        "Coopération spatiale",
        language="fr",
        body="Les satellites franco-indiens observent les océans.",
    )
    assert found("satellite") == ["Coopération spatiale"]
    assert found("océans") == ["Coopération spatiale"]


def test_a_word_also_matches_the_longer_words_it_starts():
    make_release("Indian oceanography", body="Buoys at sea.")
    make_release("Seminar", body="Nothing about the sea.")
    assert found("ocean") == ["Indian oceanography"]


def test_a_quoted_phrase_matches_words_side_by_side():
    make_release("Agency news", body="The space agency of India.")
    make_release("Other news", body="The agency works in space.")
    assert found('"space agency"') == ["Agency news"]


def test_results_are_ranked_title_first_then_summary_then_body():
    make_release("Budget", body="Ariane is mentioned in the body only.")
    make_release("Ariane 6 flies", body="First flight.")
    make_release("Launchers", summary="Ariane in the summary.", body="Details.")
    assert found("ariane") == ["Ariane 6 flies", "Launchers", "Budget"]


def test_search_keeps_the_queryset_filters():
    make_release("Public Venus", body="Venus.")
    make_release("Draft Venus", body="Venus.", status=PressRelease.Status.DRAFT)
    assert found("venus", PressRelease.objects.published()) == ["Public Venus"]


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced',
        "NEAR(",
        "title:venus",
        "venus AND",
        "venus OR",
        "NOT venus",
        "venus*",
        "^venus",
        "venus -mars",
        "(venus)",
        "venus & | ! : '",
        "\\venus",
    ],
)
def test_search_syntax_in_the_words_is_taken_literally(client, text):
    make_release("Venus probe", body="Venus, the planet.")
    response = results_page(client, text)
    assert response.status_code == 200
    assert response.context["filter"].form.errors == {}


def test_quotes_and_operators_around_a_word_still_find_it():
    make_release("Venus probe", body="Venus, the planet.")
    assert found('venus" (planet') == ["Venus probe"]


@pytest.mark.parametrize("text", ["!!!", "... --", '""'])
def test_words_without_letters_or_digits_match_nothing(client, text):
    make_release("Venus probe")
    response = results_page(client, text)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "No release matches." in response.text


def test_results_show_the_matches_highlighted_and_escaped(client):
    make_release(
        "Ariane 6 flies",
        body="<script>alert(1)</script> The **Ariane** launcher [flew](https://x.org).",
    )
    response = results_page(client, "ariane flew")
    assert response.status_code == 200
    assert "<mark>Ariane</mark> 6 flies</a>" in response.text
    assert "<mark>Ariane</mark> launcher <mark>flew</mark>" in response.text
    assert "<script>alert" not in response.text


def test_highlight_escapes_the_text_around_the_marks():
    assert highlight(f"{MARK_START}a&b{MARK_END} <i> *d* [e]") == (
        "<mark>a&amp;b</mark> &lt;i&gt; *d* [e]"
    )


def test_the_index_follows_saves_updates_and_deletes():
    release = make_release("Comet", body="A comet.")
    release.title = "Asteroid"
    release.save()
    assert found("comet") == ["Asteroid"]
    release.body = "A moon."
    release.save()
    assert found("comet") == []
    assert found("moon") == ["Asteroid"]
    PressRelease.objects.filter(pk=release.pk).update(summary="Seen from Earth.")
    assert found("earth") == ["Asteroid"]
    release.delete()
    assert found("asteroid") == []


HIDDEN_BODY = (
    "<!-- codename Hermes, do not publish -->\n\n"
    "The **Ariane** launcher [flew](https://example.org/secretpath) at *dawn*. "
    '<span title="confidential">Kourou</span> <script>payload()</script>'
)


def test_the_body_is_indexed_as_a_reader_sees_it():
    release = make_release("Launch", body=HIDDEN_BODY)
    assert release.body_text == "The Ariane launcher flew at dawn. Kourou"
    assert found("kourou dawn") == ["Launch"]
    for hidden in (
        "hermes",
        "publish",
        "secretpath",
        "example",
        "confidential",
        "payload",
        "script",
        "span",
    ):
        assert found(hidden) == [], hidden


def test_the_extract_quotes_what_the_page_shows(client):
    make_release("Launch", body=HIDDEN_BODY)
    response = results_page(client, "ariane")
    # PostgreSQL's extract starts at the match, SQLite's with the sentence.
    assert "<mark>Ariane</mark> launcher flew at dawn. Kourou</p>" in response.text
    for hidden in ("Hermes", "secretpath", "**", "payload"):
        assert hidden not in response.text


def test_the_migration_derives_the_text_of_the_releases_already_saved():
    release = make_release("Launch", body=HIDDEN_BODY)
    PressRelease.objects.filter(pk=release.pk).update(body_text="")
    if connection.vendor == "postgresql":
        # Check the links now: PostgreSQL alters no table with checks pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migration = importlib.import_module("releases.migrations.0011_search_visible_text")
    migration.index_visible_text(apps, connection.schema_editor())
    release.refresh_from_db()
    assert release.body_text == "The Ariane launcher flew at dawn. Kourou"
    assert found("kourou") == ["Launch"]


@pytest.mark.django_db(transaction=True)
def test_rebuild_command_recreates_a_missing_index(capsys):
    make_release("Comet", body="A comet. " + HIDDEN_BODY)
    uninstall_search_index()
    call_command("rebuild_search_index")
    assert found("comet") == ["Comet"]
    assert found("hermes") == []
    assert capsys.readouterr().out.startswith("Rebuilt the search index")


def test_search_page_runs_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries
):
    """The first search after a change also counts the matches and finds the
    filters' choices; later ones read the version and the page (page cache off).
    On SQLite the page is ranked in the index first, then its rows are read."""
    settings.PAGE_CACHE = False
    ranked = 1 if connection.vendor == "sqlite" else 0
    for number in range(25):
        make_release(f"Venus {number}", nations=["JP"])
    with django_assert_num_queries(8 + ranked):
        response = results_page(client, "venus")
    assert response.context["paginator"].count == 25
    with django_assert_num_queries(4 + ranked):
        response = results_page(client, "venus")
    assert response.context["paginator"].count == 25


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
@pytest.mark.parametrize("nations", [[], ["JP"]])
def test_sqlite_starts_a_search_from_the_search_index(nations):
    """Started from the releases, a search would look each of them up in the
    index: minutes on a large archive, where from the index it takes milliseconds."""
    releases = PressRelease.objects.published().for_language("en").for_listing()
    if nations:
        releases = releases.for_nations(nations)
    plan = search_releases(releases, "venus cooperation")[:20].explain()
    steps = [line.split(" ", 3)[3] for line in plan.splitlines()]
    assert steps[0] == "SCAN releases_search VIRTUAL TABLE INDEX 0:M3"


# The archive's search alone, ranked inside the index (search_public)

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
WORDS = ["venus", "mars", "orbit", "ocean", "climate", "launch", "probe", "india"]


def make_corpus(rng):
    """Releases of both languages saying a few of WORDS, some of them drafts,
    scheduled, or translations of one another (scheduled or not)."""
    releases = []
    for number in range(70):
        words = rng.choices(WORDS, k=rng.randint(2, 12))
        status = rng.choice(["published"] * 4 + ["draft"])
        when = NOW + datetime.timedelta(hours=rng.choice([-900, -30, -2, 3, 8]))
        original = None
        language = rng.choice(["en", "fr"])
        if releases and rng.random() < 0.4:
            candidate = rng.choice(releases)
            if (
                candidate.language != language
                and not PressRelease.objects.filter(translation_of=candidate).exists()
                and candidate.translation_of_id is None
            ):
                original = candidate
        releases.append(
            make_release(
                f"{' '.join(words[:3]).title()} {number}",
                summary=" ".join(words[3:6]),
                body=" ".join(words) + ".",
                status=status,
                published_at=when,
                language=language,
                translation_of=original,
            )
        )
    return releases


def pages(results, size=20):
    return [
        [
            (r.pk, round(r.search_rank, 6), r.search_title, r.search_snippet)
            for r in results[start : start + size]
        ]
        for start in range(0, 80, size)
    ]


def assert_ranked_as_exactly(text):
    for language in ["en", "fr"]:
        public = PressRelease.objects.published().for_language(language).for_listing()
        exact = search_releases(public, text)
        ranked = search_public(public, text, language)
        assert ranked.count() == exact.count()
        assert pages(ranked) == pages(exact)


@pytest.mark.parametrize("seed", [1, 2])
def test_searching_alone_gives_the_pages_exact_ranking_gives(seed):
    rng = random.Random(seed)
    with freeze_time(NOW):
        releases = make_corpus(rng)
        for text in ["venus", "mars orbit", "oce", '"climate launch"', "india probe"]:
            assert_ranked_as_exactly(text)
        for release in rng.sample(releases, 15):  # the triggers follow changes
            release.status = rng.choice(["draft", "published"])
            release.published_at = NOW + datetime.timedelta(hours=rng.choice([-5, 4]))
            release.save()
        rng.choice(releases).delete()
        assert_ranked_as_exactly("venus")
        assert_ranked_as_exactly("mars orbit")
    with freeze_time(NOW + datetime.timedelta(hours=9)):  # scheduled ones come due
        assert_ranked_as_exactly("venus")
        assert_ranked_as_exactly("ocean probe")


def test_the_archive_searched_alone_shows_the_exact_ranking(client, settings):
    settings.PAGE_CACHE = False
    with freeze_time(NOW):
        make_corpus(random.Random(3))
        response = results_page(client, "mars orbit")
        public = PressRelease.objects.published().for_language("en")
        exact = search_releases(public, "mars orbit")[:20]
        assert [r.pk for r in response.context["object_list"]] == [r.pk for r in exact]
        assert response.context["paginator"].count == exact.count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_ranking_a_public_search_never_reads_the_release_rows():
    plan = connection.ops.explain_query_prefix() + " " + _PUBLIC_PAGE
    with connection.cursor() as cursor:
        cursor.execute(
            plan, ["", "", "", "", "…", 30, '"venus"*', "2026", "en", "2026", 20, 0]
        )
        steps = " ".join(str(row) for row in cursor.fetchall())
    assert "releases_search" in steps and "state" in steps
    assert "releases_pressrelease" not in steps
