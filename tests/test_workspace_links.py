"""The ways into and out of the staff workspace: its account links, and the
admin's link to it."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

WORKSPACE_LINK = '<a href="/staff/">Staff workspace</a>'


def test_the_workspace_says_who_is_logged_in_and_logs_out(client, reader):
    text = client.get(reverse("staff:index")).text
    assert "Logged in as reader" in text
    assert '<a href="/admin/">Admin</a>' in text
    assert '<form class="staff-account" method="post" action="/admin/logout/">' in text
    assert '<input type="hidden" name="next" value="/staff/">' in text
    assert '<button type="submit" class="link-button">Log out</button>' in text


def test_logging_out_of_the_workspace_leads_to_its_login_page(client, reader):
    response = client.post(reverse("admin:logout"), {"next": "/staff/"}, follow=True)
    assert response.redirect_chain == [
        ("/staff/", 302),
        ("/admin/login/?next=/staff/", 302),
    ]
    assert response.status_code == 200
    assert "Log in" in response.text


def test_the_admin_links_staff_readers_to_the_workspace(client, reader):
    assert WORKSPACE_LINK in client.get(reverse("admin:index")).text


def test_the_admin_links_editors_who_are_also_readers(client):
    client.force_login(make_user("both", groups=["Editors", "Staff readers"]))
    response = client.get(reverse("admin:releases_pressrelease_changelist"))
    assert WORKSPACE_LINK in response.text


def test_the_admin_has_no_workspace_link_for_editors(client):
    client.force_login(make_user("editor", groups=["Editors"]))
    assert "/staff/" not in client.get(reverse("admin:index")).text


def test_the_french_admin_links_to_the_french_workspace(client, reader):
    response = client.get("/fr/admin/")
    assert '<a href="/fr/staff/">Espace de travail interne</a>' in response.text
