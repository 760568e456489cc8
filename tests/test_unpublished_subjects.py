"""A topic or speaker named only by drafts or scheduled releases stays unknown to
the public: its page and feed answer exactly as an unknown slug does."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from freezegun import freeze_time

from releases.models import PressRelease
from tests.factories import (
    add_quote,
    feature_speaker,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"nonce-[^']+'|nonce=\"[^\"]+\"")
SUBJECT_PAGES = [
    ("releases:topic", "mars-sample-return"),
    ("releases:speaker", "jane-doe"),
    ("releases:topic_feed", "mars-sample-return"),
]


@pytest.fixture
def secret_subjects():
    """A topic and a speaker that only a draft and a scheduled release name."""
    topic = make_topic(
        "Mars Sample Return",
        kind="programme",
        name_fr="Retour d’échantillons martiens",
        description="Bringing Martian soil back to Earth.",
    )
    speaker = make_speaker("Jane Doe", role="CNES President from 2027")
    draft = make_release(
        "Draft", status=PressRelease.Status.DRAFT, topics=[topic], nations=["US"]
    )
    add_quote(draft, speaker)
    scheduled = make_release(
        "Embargoed",
        published_at=timezone.now() + datetime.timedelta(days=1),
        topics=[topic],
    )
    feature_speaker(scheduled, speaker)
    make_release("Public release on something else", topics=[make_topic("Climate")])
    return draft, scheduled


def answer(client, name, slug, language):
    """Return what a page answers, with the response's nonce, its request id and
    the slug (which the page repeats in its links to itself) left out."""
    with override(language):
        url = reverse(name, kwargs={"slug": slug})
    response = client.get(url)

    def blank(text):
        return NONCE.sub("nonce", text).replace(slug, "<slug>")

    headers = {
        key: blank(value) for key, value in response.items() if key != "X-Request-ID"
    }
    return response.status_code, headers, blank(response.text)


def unknown(slug):
    """Return a slug that names nothing, as long as ``slug``."""
    return slug[::-1]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("name", "slug"), SUBJECT_PAGES)
def test_a_subject_of_unpublished_releases_answers_as_an_unknown_one(
    client, secret_subjects, name, slug, language
):
    hidden = answer(client, name, slug, language)
    assert hidden[0] == 404
    assert hidden == answer(client, name, unknown(slug), language)
    for secret in ("Mars Sample Return", "échantillons", "Jane Doe", "from 2027"):
        assert secret not in hidden[2]


@pytest.mark.parametrize(("name", "slug"), SUBJECT_PAGES)
def test_an_editor_gets_the_same_404_on_the_public_site(
    client, secret_subjects, name, slug
):
    client.force_login(make_user("boss", is_superuser=True))
    hidden = answer(client, name, slug, "en")
    assert hidden[0] == 404
    assert hidden == answer(client, name, unknown(slug), "en")


@pytest.mark.parametrize(("name", "slug"), SUBJECT_PAGES)
def test_a_subject_is_public_once_a_release_naming_it_is(
    client, secret_subjects, name, slug
):
    draft, scheduled = secret_subjects
    draft.status = PressRelease.Status.PUBLISHED
    draft.published_at = timezone.now() - datetime.timedelta(hours=1)
    draft.save()
    response = client.get(reverse(name, kwargs={"slug": slug}))
    assert response.status_code == 200
    assert ("Mars Sample Return" if "topic" in name else "Jane Doe") in response.text
    assert "Draft" in response.text


def test_a_subject_becomes_public_when_its_scheduled_release_does(
    client, secret_subjects
):
    url = reverse("releases:speaker", kwargs={"slug": "jane-doe"})
    assert client.get(url).status_code == 404
    with freeze_time(timezone.now() + datetime.timedelta(days=2)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Embargoed" in response.text


def test_the_sitemap_leaves_out_the_subjects_of_unpublished_releases(
    client, secret_subjects
):
    sitemap = client.get("/sitemap.xml").text
    assert "/topics/climate/" in sitemap
    assert "mars-sample-return" not in sitemap
    assert "jane-doe" not in sitemap
