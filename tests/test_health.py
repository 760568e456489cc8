import pytest

from cnespress.settings import cache_from_url
from tests.factories import make_release
from tests.sockets import free_port

# A load balancer probes each server by its address, over plain HTTP.
BALANCER = {"HTTP_HOST": "10.0.0.5"}


@pytest.fixture
def production(settings):
    """The settings of .env.example: one host name, HTTPS behind a proxy."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["presse.cnes.fr"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000


def test_healthz_answers_a_balancer_without_the_database(client, production):
    # Without the django_db mark, any query here would fail the test.
    response = client.get("/healthz", **BALANCER)
    assert (response.status_code, response.text) == (200, "ok\n")
    assert response["Content-Type"] == "text/plain"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_same_request_for_a_page_is_refused(client, production):
    assert client.get("/", **BALANCER).status_code == 400
    redirect = client.get("/", HTTP_HOST="presse.cnes.fr")
    assert (redirect.status_code, redirect["Location"]) == (
        301,
        "https://presse.cnes.fr/",
    )


@pytest.mark.django_db
def test_readyz_answers_when_the_database_and_the_cache_do(client, production):
    response = client.get("/readyz", **BALANCER)
    assert (response.status_code, response.text) == (200, "database ok\ncache ok\n")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_server_does_not_answer(
    client, production, settings
):
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/0")}
    response = client.get("/readyz", **BALANCER)
    assert (response.status_code, response.text) == (
        503,
        "database ok\ncache unavailable\n",
    )


@pytest.mark.django_db
def test_probes_are_never_cached(client):
    for _ in range(2):
        response = client.get("/readyz")
        assert response["Cache-Control"] == "no-store"
        assert not response.has_header("ETag")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/healthz", "/fr/readyz", "/healthz/x"])
def test_probes_live_only_at_their_own_address(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_probes_are_not_in_the_sitemap(client):
    release = make_release("Launch")
    sitemap = client.get("/sitemap.xml").text
    assert release.get_absolute_url() in sitemap
    assert "healthz" not in sitemap
    assert "readyz" not in sitemap
