"""With the database unreachable, every request gets a short 503 page in both
languages with Retry-After, the outage is logged once and not as a traceback per
request, and the site comes back by itself with the database."""

import shutil
import time

from tests.deploy.conftest import PROXIED, Gunicorn
from tests.sockets import SilentServer, free_port

PAGES = ["/", "/fr/", "/releases/", "/fr/nations/", "/admin/login/", "/sitemap.xml"]
RETRY_SECONDS = "1"


def assert_outage_page(response):
    assert response.status == 503
    assert response.headers["Retry-After"] == RETRY_SECONDS
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Please try again in a few minutes." in response.text
    assert '<p lang="fr">Le site ne peut pas répondre' in response.text


def outage_lines(log, what):
    return [line for line in log.splitlines() if f"The database {what}" in line]


def test_an_unreachable_postgresql_server_gets_the_503_page(production_build):
    closed = f"postgres://cnespress@127.0.0.1:{free_port()}/cnespress"
    with Gunicorn(
        production_build,
        DATABASE_URL=closed,
        DJANGO_OUTAGE_RETRY_SECONDS=RETRY_SECONDS,
    ) as server:
        for _ in range(3):
            for page in PAGES:
                assert_outage_page(server.get(page, headers=PROXIED))
            time.sleep(0.4)  # some requests come after the retry time
        alive = server.get("/healthz")
        ready = server.get("/readyz")
        log = server.log()
    assert (alive.status, ready.status) == (200, 503)
    assert ready.text == "database unavailable\ncache ok\n"
    [outage] = outage_lines(log, "unreachable")
    assert " ERROR [" in outage
    assert "OperationalError" in outage
    assert outage.endswith("answering 503; trying again every 1 s.")
    assert "Traceback" not in log
    request_lines = [line for line in log.splitlines() if "cnespress.request" in line]
    assert len(request_lines) == 3 * len(PAGES)
    assert all(" 503 " in line for line in request_lines)


def test_a_hung_database_costs_one_timeout_per_retry_interval(production_build):
    with SilentServer() as database:
        hung = f"postgres://cnespress@127.0.0.1:{database.port}/x?connect_timeout=1"
        with Gunicorn(
            production_build, DATABASE_URL=hung, DJANGO_OUTAGE_RETRY_SECONDS="60"
        ) as server:
            statuses = [server.get(page, headers=PROXIED).status for page in PAGES]
        # The first request's own attempt, and the check that the database is down.
        assert database.connections == 2
        assert statuses == [503] * len(PAGES)


def test_the_site_comes_back_with_its_database(production_build, tmp_path):
    database = tmp_path / "data" / "db.sqlite3"  # the directory is not there yet
    with Gunicorn(
        production_build,
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_OUTAGE_RETRY_SECONDS=RETRY_SECONDS,
    ) as server:
        for page in PAGES:
            assert_outage_page(server.get(page, headers=PROXIED))
        database.parent.mkdir()
        shutil.copy(production_build.database, database)
        time.sleep(1.1)
        home = server.get("/", headers=PROXIED)
        ready = server.get("/readyz")
        log = server.log()
    assert home.status == 200
    assert ready.text == "database ok\ncache ok\n"
    assert len(outage_lines(log, "unreachable")) == 1
    [recovery] = outage_lines(log, "answers again")
    assert " WARNING [" in recovery
    assert "Traceback" not in log


def test_a_database_error_that_is_not_an_outage_stays_a_500(production_build, tmp_path):
    empty = tmp_path / "empty.sqlite3"  # answers, but holds no tables
    with Gunicorn(production_build, DATABASE_URL=f"sqlite:///{empty}") as server:
        response = server.get("/", headers=PROXIED)
        ready = server.get("/readyz")
        log = server.log()
    assert response.status == 500
    assert "Server error" in response.text
    assert ready.status == 200
    assert "no such table" in log
    assert "Traceback" in log
    assert outage_lines(log, "unreachable") == []
