import datetime
import hashlib

import pytest
from django.core.signing import Signer
from django.urls import reverse
from freezegun import freeze_time

from releases import previews
from releases.models import PressRelease, PreviewLink
from tests.factories import make_release, make_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
LAUNCH = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC)
DRAFT = PressRelease.Status.DRAFT
ADD_URL = reverse("admin:releases_previewlink_add")


@pytest.fixture
def publisher():
    return make_user("publisher", groups=["Publishers"])


def new_link(release, expires_at=NOW + datetime.timedelta(days=7), user=None):
    """Return a new link to ``release`` and the path of its page."""
    link = PreviewLink(release=release, expires_at=expires_at, created_at=NOW)
    return link, previews.preview_url(previews.issue(link, user))


@freeze_time(NOW)
def test_a_publisher_creates_a_link_and_sees_its_address_once(client, publisher):
    client.force_login(publisher)
    draft = make_release("Launch of SWOT", status=DRAFT, published_at=LAUNCH)
    response = client.post(
        ADD_URL,
        {
            "release": draft.pk,
            "expires_at_0": "2026-12-01",
            "expires_at_1": "15:30",
        },
    )
    assert response.status_code == 200
    assert "Copy it now: it is not kept, and cannot be shown again." in response.text
    assert "no-store" in response["Cache-Control"]
    url = response.context["url"]
    assert url.startswith("http://testserver/preview/")
    link = PreviewLink.objects.get()
    assert (link.release, link.expires_at, link.created_by, link.created_at) == (
        draft,
        LAUNCH,
        publisher,
        NOW,
    )
    signed = url.removeprefix("http://testserver/preview/").removesuffix("/")
    token = Signer(salt="releases.preview-link").unsign(signed)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash
    assert len(token) == 43
    listing = client.get(reverse("admin:releases_previewlink_changelist"))
    assert "Launch of SWOT" in listing.text
    assert token not in listing.text
    client.logout()
    assert client.get(url).status_code == 200


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("expires", "error"),
    [
        (("2026-11-20", "08:00"), "Choose a time in the future."),
        (
            ("2027-02-19", "09:01"),
            "A preview link lasts at most 90 days: choose an earlier time.",
        ),
    ],
)
def test_the_expiry_must_be_within_ninety_days(client, publisher, expires, error):
    client.force_login(publisher)
    draft = make_release(status=DRAFT)
    response = client.post(
        ADD_URL,
        {"release": draft.pk, "expires_at_0": expires[0], "expires_at_1": expires[1]},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"expires_at": [error]}
    assert PreviewLink.objects.count() == 0


@freeze_time(NOW)
def test_no_link_for_a_public_release(client, publisher):
    client.force_login(publisher)
    response = client.post(
        ADD_URL,
        {
            "release": make_release().pk,
            "expires_at_0": "2026-11-27",
            "expires_at_1": "09:00",
        },
    )
    assert response.context["adminform"].form.errors == {
        "release": ["This release is public already: send its public address instead."]
    }


def test_editors_may_neither_create_nor_list_links(client):
    client.force_login(make_user("editor", groups=["Editors"]))
    assert client.get(ADD_URL).status_code == 403
    changelist = reverse("admin:releases_previewlink_changelist")
    assert client.get(changelist).status_code == 403


@freeze_time(NOW)
def test_the_preview_shows_the_release_under_embargo(client):
    draft = make_release(
        "Launch of SWOT", status=DRAFT, published_at=LAUNCH, body="Secret *body*."
    )
    _link, path = new_link(draft)
    response = client.get(path)
    assert response.status_code == 200
    assert "Embargoed until Dec. 1, 2026, 3:30 p.m. (CET)." in response.text
    assert "<p>Secret <em>body</em>.</p>" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "Preview: this release" not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )


@freeze_time(NOW)
def test_a_release_without_a_future_date_is_embargoed_until_further_notice(client):
    _link, path = new_link(make_release(status=DRAFT))
    response = client.get(path)
    assert "Embargoed until further notice." in response.text


@freeze_time(NOW)
def test_the_preview_names_no_other_unpublished_release(client):
    draft = make_release("Embargoed", status=DRAFT, nations=["JP"])
    make_release("Other draft", status=DRAFT, nations=["JP"])
    make_release("Other scheduled", published_at=LAUNCH, nations=["JP"])
    make_release("Public neighbour", nations=["JP"])
    _link, path = new_link(draft)
    text = client.get(path).text
    assert "Public neighbour" in text
    assert "Other draft" not in text
    assert "Other scheduled" not in text


def test_expired_revoked_forged_and_unknown_links_are_404(client):
    draft = make_release(status=DRAFT)
    with freeze_time(NOW):
        expired, expired_path = new_link(draft, expires_at=NOW + datetime.timedelta(1))
        revoked, revoked_path = new_link(draft)
        _valid, valid_path = new_link(draft)
        previews.revoke(PreviewLink.objects.filter(pk=revoked.pk), user=None)
    forged_path = valid_path[:-3] + ("A" if valid_path[-3] != "A" else "B") + "/"
    unknown_path = previews.preview_url(Signer(salt=previews.SALT).sign("x" * 43))
    with freeze_time(NOW + datetime.timedelta(days=1, seconds=1)):
        assert client.get(valid_path).status_code == 200
        assert client.get(expired_path).status_code == 404
        assert client.get(revoked_path).status_code == 404
        assert client.get(forged_path).status_code == 404
        assert client.get(unknown_path).status_code == 404


@freeze_time(NOW)
def test_a_revoked_link_is_404_at_once_though_public_pages_are_cached(client, settings):
    assert "releases.page_cache.PublicPageCacheMiddleware" in settings.MIDDLEWARE
    link, path = new_link(make_release(status=DRAFT), expires_at=LAUNCH)
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    previews.revoke(PreviewLink.objects.filter(pk=link.pk), user=None)
    assert client.get(path).status_code == 404


def test_a_link_to_a_release_now_public_leads_to_its_public_page(client):
    release = make_release(status=DRAFT)
    _link, path = new_link(release, expires_at=LAUNCH)
    release.status = PressRelease.Status.PUBLISHED
    release.published_at = NOW - datetime.timedelta(days=1)
    with freeze_time(NOW):
        release.save()
        response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == release.get_absolute_url()


def test_a_publisher_revokes_links_with_the_action(client, publisher):
    client.force_login(publisher)
    with freeze_time(NOW):
        link, _path = new_link(make_release(status=DRAFT))
    changelist = reverse("admin:releases_previewlink_changelist")
    with freeze_time(NOW + datetime.timedelta(hours=1)):
        response = client.post(
            changelist, {"action": "revoke", "_selected_action": [link.pk]}
        )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.revoked_at, link.revoked_by) == (
        NOW + datetime.timedelta(hours=1),
        publisher,
    )
    assert not link.is_active()
    assert "1 link revoked." in client.get(changelist).text


def test_the_release_page_lists_its_links_and_offers_a_new_one(client, publisher):
    client.force_login(publisher)
    draft = make_release("Draft", status=DRAFT)
    new_link(draft, expires_at=LAUNCH, user=publisher)
    response = client.get(
        reverse("admin:releases_pressrelease_change", args=[draft.pk])
    )
    assert "Embargo preview links" in response.text
    assert f'href="{ADD_URL}?release={draft.pk}"' in response.text
