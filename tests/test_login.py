import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def editor():
    return make_user("editor", groups=["Editors"], password=PASSWORD)


def test_correct_password_logs_in(client, editor):
    response = attempt(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_account_is_locked_after_five_failures_even_with_the_right_password(
    client, editor
):
    statuses = [attempt(client, "editor", "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = attempt(client, "editor", PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    assert "Too many failed attempts to log in" in response.text
    logged = AccessAttempt.objects.get(username="editor", ip_address="10.0.0.1")
    assert logged.failures_since_start == 5


def test_address_is_locked_after_five_failures_on_any_accounts(client, editor):
    for number in range(5):
        attempt(client, f"guess{number}", "wrong", address="10.9.9.9")
    assert attempt(client, "editor", PASSWORD, address="10.9.9.9").status_code == 429
    assert attempt(client, "editor", PASSWORD, address="10.0.0.3").status_code == 302


def test_four_failures_do_not_lock(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Xy7#short", "This password is too short. It must contain at least 12"),
        ("password1234", "This password is too common."),
        ("839201748293", "This password is entirely numeric."),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(text.startswith(message) for text in error.value.messages)


def test_a_long_uncommon_password_is_accepted():
    assert validate_password(PASSWORD) is None


def test_a_login_as_b_does_not_clear_the_failures_against_a(client, editor):
    make_user("other", groups=["Editors"], password=PASSWORD)
    statuses = [attempt(client, "editor", "wrong").status_code for _ in range(4)]
    statuses.append(attempt(client, "other", PASSWORD).status_code)
    client.logout()
    statuses.append(attempt(client, "editor", "wrong").status_code)
    assert statuses == [200, 200, 200, 200, 302, 429]
    assert attempt(client, "editor", PASSWORD, address="10.0.0.2").status_code == 429


def test_a_login_clears_the_failures_of_its_own_account_from_its_address(
    client, editor
):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()
    statuses = [attempt(client, "editor", "wrong").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_a_login_keeps_the_failures_against_its_account_from_elsewhere(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong", address="198.51.100.7")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "editor", "wrong", address="198.51.100.7").status_code == 429
    assert list(
        AccessAttempt.objects.values_list(
            "username", "ip_address", "failures_since_start"
        )
    ) == [("editor", "198.51.100.7", 5)]
