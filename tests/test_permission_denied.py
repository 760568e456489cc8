"""A refused action shows a page that says why, in the look of where it happened."""

import datetime

import pytest
import reversion
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from releases.models import PressRelease
from tests.admin_forms import change_form_data
from tests.factories import make_release

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
GENERIC = "Your account does not have the permission this page or action needs."


def test_an_editors_revert_that_changes_the_publication_says_why(client, editor):
    with reversion.create_revision():
        release = make_release("Draft", status=PressRelease.Status.DRAFT)
    PressRelease.objects.filter(pk=release.pk).update(
        status="published", published_at=PUBLISHED_AT
    )
    version = Version.objects.get_for_object(release).get()
    url = reverse("admin:releases_pressrelease_revision", args=[release.pk, version.pk])
    response = client.post(url, change_form_data(client.get(url)))
    assert response.status_code == 403
    assert response.templates[0].name == "403.html"
    text = response.text
    assert (
        '<p class="lead">Only a publisher can publish a release, change the '
        "publication date of a published one or return it to draft.</p>" in text
    )
    assert GENERIC not in text
    # The admin's look: its header, breadcrumbs, a way back, no second heading.
    assert "<title>Action refused | CNES press office</title>" in text
    assert '<div id="site-name"><a href="/admin/">CNES press office</a></div>' in text
    assert 'id="logout-form"' in text
    assert text.count("<h1>") == 1
    assert '<a href="/admin/">Go to the admin’s home page</a>' in text


def test_a_refusal_without_a_reason_says_what_is_missing(client, editor):
    release = make_release("Live")
    response = client.get(
        reverse("admin:releases_pressrelease_delete", args=[release.pk])
    )
    assert response.status_code == 403
    assert f'<p class="lead">{GENERIC}</p>' in response.text
    assert 'id="site-name"' in response.text


def test_the_staff_workspace_refused_says_who_may_use_it(client, editor):
    response = client.get(reverse("staff:index"))
    assert response.status_code == 403
    text = response.text
    assert (
        '<p class="lead">The staff workspace is for the “Staff readers” group: ask '
        "an administrator to add your account to it.</p>" in text
    )
    # The public site's look, with a way to log in as someone else.
    assert "<title>Action refused · CNES</title>" in text
    assert 'class="site-header"' in text
    assert 'id="site-name"' not in text
    assert "You are logged in as editor." in text
    assert '<input type="hidden" name="next" value="/admin/login/?next=/staff/">' in (
        text
    )


def test_logging_out_from_the_refusal_leads_to_the_login_page(client, editor):
    response = client.post(
        reverse("admin:logout"), {"next": "/admin/login/?next=/staff/"}
    )
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/staff/"
    assert client.get(reverse("staff:index")).status_code == 302


def test_the_refusal_is_in_french_on_the_french_site(client, editor):
    with translation.override("fr"):
        response = client.get(reverse("staff:index"))
    assert response.status_code == 403
    assert "<title>Action refusée · CNES</title>" in response.text
    assert (
        "L’espace de travail interne est réservé au groupe « Staff readers » : "
        "demandez à un administrateur d’y ajouter votre compte." in response.text
    )
