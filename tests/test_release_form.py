"""The release form's aids: the body's Markdown preview and the title's limit."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from releases.markup import render_markdown
from releases.models import PressRelease
from tests.admin_forms import change_form_data
from tests.factories import STAFF_READERS, make_release, make_user

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("admin:releases_pressrelease_preview_body")
ADD_URL = reverse("admin:releases_pressrelease_add")


def preview(client, text):
    return client.post(PREVIEW_URL, {"body": text})


def nonce(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]


# The body's preview


def test_the_preview_renders_markdown_as_the_public_page(client, editor):
    response = preview(client, "A *signed* agreement.\n\n- **Talks**\n- Visits")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "html": "<p>A <em>signed</em> agreement.</p>\n<ul>\n"
        "<li><strong>Talks</strong></li>\n<li>Visits</li>\n</ul>"
    }


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>Hello",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "[x](java\tscript:alert(1))",
    ],
)
def test_the_preview_is_sanitised_as_the_public_page(client, editor, text):
    html = preview(client, text).json()["html"]
    assert html == render_markdown(text)
    assert "alert" not in html.replace("alert(1)</p>", "")
    release = make_release(body=text)
    assert release.body_html == html


def test_the_preview_of_nothing_is_empty(client, editor):
    assert preview(client, "").json() == {"html": ""}


def test_the_preview_refuses_a_text_longer_than_the_body_allows(
    client, editor, monkeypatch
):
    monkeypatch.setattr(PressRelease._meta.get_field("body"), "max_length", 20)
    response = preview(client, "x" * 21)
    assert response.status_code == 400
    assert response.json() == {
        "error": "Ensure this value has at most 20 characters (it has 21)."
    }
    assert preview(client, "x" * 20).status_code == 200


def test_the_preview_answers_only_a_post(client, editor):
    assert client.get(PREVIEW_URL, {"body": "x"}).status_code == 405


def test_the_preview_needs_the_csrf_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(PREVIEW_URL, {"body": "*x*"}).status_code == 403
    form = strict.get(ADD_URL)
    token = form.context["csrf_token"]
    response = strict.post(PREVIEW_URL, {"body": "*x*"}, HTTP_X_CSRFTOKEN=str(token))
    assert response.json() == {"html": "<p><em>x</em></p>"}


def test_the_preview_needs_the_change_permission(client):
    client.force_login(make_user("reader", groups=[STAFF_READERS]))
    assert preview(client, "*x*").status_code == 403


def test_the_preview_sends_anonymous_visitors_to_log_in(client, db):
    response = preview(client, "*x*")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_form_shows_the_body_with_its_preview_and_script(client, editor):
    release = make_release(body="Body with **bold**.")
    response = client.get(
        reverse("admin:releases_pressrelease_change", args=[release.pk])
    )
    text = response.text
    assert f'data-preview-url="{PREVIEW_URL}"' in text
    assert (
        '<div class="markdown-preview-body" id="id_body_preview">'
        "<p>Body with <strong>bold</strong>.</p></div>" in text
    )
    # Once each, from the form's Media, with the response's nonce.
    assert re.findall(r'<script src="/static/js/release_editor.js"[^>]*>', text) == [
        f'<script src="/static/js/release_editor.js" nonce="{nonce(response)}" defer>'
    ]
    assert text.count('href="/static/css/release_editor.css"') == 1


# The title's limit


def test_the_title_states_its_limit_and_has_no_maxlength(client, editor):
    response = client.get(ADD_URL)
    title = response.context["adminform"].form["title"]
    assert title.help_text == "At most 300 characters."
    html = str(title)
    assert "maxlength" not in html
    assert 'data-max-length="300"' in html
    assert 'data-counter="%(count)s of %(limit)s characters"' in html


def test_a_long_title_is_refused_with_the_limit_and_kept(client, editor):
    release = make_release("Short title", status=PressRelease.Status.DRAFT)
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    long_title = "Été " + "spatial " * 40
    response = client.post(url, change_form_data(client.get(url), title=long_title))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["title"] == [
        "At most 300 characters: this one has 323. Shorten it; nothing was cut."
    ]
    assert form["title"].value() == long_title
    assert f'value="{long_title}"' in response.text
    release.refresh_from_db()
    assert release.title == "Short title"


def test_a_title_at_the_limit_is_saved(client, editor):
    release = make_release("Short title", status=PressRelease.Status.DRAFT)
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    response = client.post(url, change_form_data(client.get(url), title="É" * 300))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title == "É" * 300


def test_the_title_limit_is_stated_in_french(client, editor):
    with translation.override("fr"):
        response = client.get(reverse("admin:releases_pressrelease_add"))
    assert response.context["adminform"].form["title"].help_text == (
        "300 caractères au plus."
    )
