import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from releases.models import PressRelease
from releases.search import search_releases
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def generate(count, seed=1):
    call_command("generate_releases", count, seed=seed, stdout=StringIO())


def test_generated_releases_are_shaped_like_the_seed_ones():
    generate(200)
    releases = PressRelease.objects.annotate(
        nations=Count("partner_nations", distinct=True),
        topic_count=Count("topics", distinct=True),
        contact_count=Count("contacts", distinct=True),
        speaker_count=Count("speakers", distinct=True),
    )
    assert releases.count() == 200
    figures = releases.aggregate(
        Min("nations"),
        Max("nations"),
        Min("topic_count"),
        Min("contact_count"),
        Min("speaker_count"),
        first=Min("published_at"),
        last=Max("published_at"),
    )
    assert figures["nations__min"] == 1
    assert figures["nations__max"] == 4
    assert figures["topic_count__min"] == 2
    assert figures["contact_count__min"] == 1
    assert figures["speaker_count__min"] == 1
    assert figures["last"] - figures["first"] > datetime.timedelta(days=25 * 365)
    assert set(releases.values_list("language", flat=True)) == {"en", "fr"}
    release = releases.filter(body__contains="\n\n").first()
    assert release.body_html.startswith("<p>")
    assert release.body_html.count("<p>") == release.body.count("\n\n") + 1


def test_some_stories_are_told_in_both_languages():
    generate(300)
    translations = PressRelease.objects.filter(translation_of__isnull=False)
    # About 40 % of the stories have a translation: 0.4 / 1.4 of the releases.
    assert 50 < translations.count() < 120
    for translation in translations.select_related("translation_of")[:20]:
        original = translation.translation_of
        assert translation.language != original.language
        assert translation.published_at == original.published_at
        assert translation.status == original.status
        assert set(translation.partner_nations.all()) == set(
            original.partner_nations.all()
        )
        assert set(translation.topics.all()) == set(original.topics.all())
        translation.full_clean()


def test_generation_is_deterministic_for_a_seed():
    generate(30, seed=7)
    first = list(PressRelease.objects.order_by("pk").values_list("title", "body"))
    PressRelease.objects.all().delete()
    generate(30, seed=7)
    again = list(PressRelease.objects.order_by("pk").values_list("title", "body"))
    assert again == first
    PressRelease.objects.all().delete()
    generate(30, seed=8)
    assert list(PressRelease.objects.values_list("title", "body")) != first


def test_generated_releases_are_searchable():
    generate(100)
    expected = PressRelease.objects.filter(body__contains="BepiColombo").count()
    assert expected > 0
    assert len(search_releases(PressRelease.objects.all(), '"BepiColombo"')) == (
        expected
    )


def test_generating_invalidates_the_cached_pages(client):
    make_release("Venus probe", published_at=timezone.now())
    client.get("/releases/")
    generate(5)
    assert "6 releases" in client.get("/releases/").text
