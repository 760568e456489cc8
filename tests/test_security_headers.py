import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from cnespress.settings import mailer_from_url
from tests.factories import make_release, make_user

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def directives(response):
    return dict(
        (part.split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split("; ")
    )


def test_public_page_policy_allows_only_our_own_files(client):
    make_release()
    response = client.get(reverse("releases:list"))
    assert directives(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_inline_code_runs_only_with_the_response_nonce(client):
    client.force_login(make_user("boss", is_superuser=True))
    response = client.get(reverse("admin:releases_pressrelease_add"))
    nonce = directives(response)["script-src"].split("'nonce-")[1].rstrip("'")
    assert f'nonce="{nonce}"' in response.text
    assert directives(response)["style-src"] == f"'self' 'nonce-{nonce}'"


# An attribute that the policy refuses to run or apply (no 'unsafe-inline'): an
# event handler, a style, a javascript: address.
REFUSED_INLINE = re.compile(r"""\s(on[a-z]+|style)=["']|javascript:""", re.IGNORECASE)


def test_no_page_template_holds_code_the_policy_refuses():
    """Scripts and styles are files, or blocks carrying the response's nonce.
    E-mails are not pages: mail clients need their inline styles."""
    offending = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "email" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if REFUSED_INLINE.search(line)
    ]
    assert offending == []


def test_each_response_gets_a_new_nonce(client):
    client.force_login(make_user("boss", is_superuser=True))
    url = reverse("admin:releases_pressrelease_add")
    first, second = client.get(url), client.get(url)
    assert directives(first)["script-src"] != directives(second)["script-src"]


def test_https_settings_mark_cookies_secure_and_send_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("admin:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    cookie = response.cookies["csrftoken"]
    assert (cookie["secure"], cookie["httponly"]) == (True, True)


def test_deploy_check_passes_with_the_documented_production_environment(settings):
    settings.SECRET_KEY = "a-long-random-production-key-" + "k3y" * 20
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SITE_URL = "https://presse.cnes.fr"
    settings.MAILERS = {"default": mailer_from_url("smtp://smtp.internal:587?tls=1")}
    call_command("check", "--deploy", "--fail-level", "WARNING", stdout=io.StringIO())


def test_deploy_check_warns_without_a_secret_key(settings):
    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    with pytest.raises(SystemCheckError, match="cnespress.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING")
