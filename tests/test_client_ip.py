"""Which address is the client's, behind reverse proxies (the login lock-out
counts failures by it)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cnespress.security import client_ip
from cnespress.settings import trusted_proxies
from tests.factories import make_user

PROXY = "10.0.0.10"


def address(forwarded=None, remote=PROXY):
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    return client_ip(RequestFactory().get("/", headers=headers, REMOTE_ADDR=remote))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # Without a proxy, the header is the client's own: ignored.
        (0, "203.0.113.9", PROXY),
        (0, None, PROXY),
        # One proxy appends the address that connected to it.
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6,7.7.7.7 , 203.0.113.9", "203.0.113.9"),
        (1, "2001:DB8::1", "2001:db8::1"),
        # Two proxies: a CDN, then the site's own.
        (2, "6.6.6.6, 203.0.113.9, 198.51.100.1", "203.0.113.9"),
        (2, "203.0.113.9, 198.51.100.1", "203.0.113.9"),
        # Fewer entries than proxies, or not an address: the connection's.
        (2, "198.51.100.1", PROXY),
        (1, None, PROXY),
        (1, "unknown", PROXY),
        (1, "6.6.6.6, ", PROXY),
    ],
)
def test_the_client_is_the_entry_as_many_places_from_the_right_as_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXIES = proxies
    assert address(forwarded) == expected


@pytest.mark.django_db
def test_a_forged_first_entry_does_not_escape_the_lock_out(client, settings):
    """An attacker who sends a new X-Forwarded-For with each guess is still
    counted, and locked, by the address the proxy saw."""
    settings.TRUSTED_PROXIES = 1
    make_user("editor", groups=["Editors"], password="correct horse battery")
    statuses = [
        client.post(
            reverse("admin:login"),
            {"username": f"guess{number}", "password": "wrong"},
            headers={"X-Forwarded-For": f"6.6.6.{number}, 203.0.113.9"},
            REMOTE_ADDR=PROXY,
        ).status_code
        for number in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "correct horse battery"},
        headers={"X-Forwarded-For": "8.8.8.8, 203.0.113.9"},
        REMOTE_ADDR=PROXY,
    )
    assert locked.status_code == 429


@pytest.mark.parametrize(
    ("behind_proxy", "variable", "expected"),
    [
        (False, None, 0),
        (True, None, 1),
        (True, "2", 2),
        (True, "0", 0),
        (False, "1", 1),
    ],
)
def test_the_number_of_trusted_proxies_comes_from_the_environment(
    monkeypatch, behind_proxy, variable, expected
):
    if variable is None:
        monkeypatch.delenv("DJANGO_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", variable)
    assert trusted_proxies(behind_proxy) == expected
