"""The documented production path: `make production`, then gunicorn with
gunicorn.conf.py, serves the site in both languages, answers the balancer's
probes and writes the logs docs/deploy.md describes."""

import json
import re
import subprocess

from tests.deploy.conftest import PROXIED, VENV, Gunicorn

# A load balancer probes each server by its address, over plain HTTP.
BALANCER = {"Host": "10.0.0.5"}


def test_make_production_compiles_the_french_catalogue(production_build):
    assert production_build.compiled_catalogues_before == []
    assert (production_build.path / "locale/fr/LC_MESSAGES/django.mo").is_file()


def test_the_production_build_serves_the_french_interface(production_build):
    with Gunicorn(production_build) as server:
        french = server.get("/fr/", headers=PROXIED)
        english = server.get("/", headers=PROXIED)
        stylesheet = re.search(r'href="(/static/css/site\.\w+\.css)"', french.text)
        css = server.get(stylesheet[1], headers=PROXIED)
    assert french.status == 200
    assert '<html lang="fr">' in french.text
    assert ">Communiqués</a>" in french.text
    assert ">Pays partenaires</a>" in french.text
    assert english.status == 200
    assert ">Releases</a>" in english.text
    assert "Communiqués" not in english.text
    assert css.status == 200


def test_probes_by_address_over_http_are_answered(production_build):
    with Gunicorn(production_build) as server:
        alive = server.get("/healthz", headers=BALANCER)
        ready = server.get("/readyz", headers=BALANCER)
        page_by_address = server.get("/", headers=BALANCER)
        page_over_http = server.get("/", headers={"Host": "presse.cnes.fr"})
    assert (alive.status, alive.text) == (200, "ok\n")
    assert (ready.status, ready.text) == (200, "database ok\ncache ok\n")
    assert alive.headers["Cache-Control"] == "no-store"
    assert ready.headers["Cache-Control"] == "no-store"
    assert page_by_address.status == 400
    assert page_over_http.status == 301
    assert page_over_http.headers["Location"] == "https://presse.cnes.fr/"


def test_each_request_is_one_log_line_with_its_id(production_build):
    with Gunicorn(production_build) as server:
        kept = server.get("/fr/", headers={**PROXIED, "X-Request-ID": "proxy-42"})
        made = server.get("/releases/?year=2026", headers=PROXIED)
        log = server.log()
    assert kept.headers["X-Request-ID"] == "proxy-42"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    request_lines = [line for line in log.splitlines() if "cnespress.request" in line]
    assert len(request_lines) == 2
    time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"
    assert re.fullmatch(
        rf"{time} INFO \[proxy-42\] cnespress.request: GET /fr/ 200 \d+\.\d ms",
        request_lines[0],
    )
    assert re.fullmatch(
        rf"{time} INFO \[{made.headers['X-Request-ID']}\] cnespress.request: "
        r"GET /releases/\?year=2026 200 \d+\.\d ms",
        request_lines[1],
    )


def test_json_logs_are_json_from_gunicorn_and_the_site(production_build):
    with Gunicorn(production_build, DJANGO_LOG_FORMAT="json") as server:
        response = server.get("/fr/releases/", headers=PROXIED)
        lines = server.log().splitlines()
    entries = [json.loads(line) for line in lines]
    assert {"gunicorn.error", "cnespress.request"} <= {e["logger"] for e in entries}
    assert all({"time", "level", "request_id", "message"} <= set(e) for e in entries)
    [request] = [entry for entry in entries if entry["logger"] == "cnespress.request"]
    assert request["request_id"] == response.headers["X-Request-ID"]
    assert request["level"] == "INFO"
    assert (request["method"], request["path"], request["status"]) == (
        "GET",
        "/fr/releases/",
        200,
    )
    assert isinstance(request["duration_ms"], float)


def test_two_gunicorns_on_one_host_never_share_a_control_socket(
    production_build, tmp_path
):
    home = tmp_path / "home"
    home.mkdir()
    with Gunicorn(production_build, HOME=str(home)) as first:
        with Gunicorn(production_build, HOME=str(home)) as second:
            assert first.get("/healthz").status == second.get("/healthz").status == 200
    assert not (home / ".gunicorn").exists()

    sockets = [tmp_path / "first.ctl", tmp_path / "second.ctl"]
    with Gunicorn(production_build, GUNICORN_CONTROL_SOCKET=str(sockets[0])) as first:
        with Gunicorn(
            production_build, GUNICORN_CONTROL_SOCKET=str(sockets[1])
        ) as second:
            listeners = [listening_on(socket) for socket in sockets]
    assert listeners == [first.url(""), second.url("")]


def listening_on(control_socket):
    """Return the address the gunicorn behind a control socket listens on."""
    command = [VENV / "bin" / "gunicornc", "-s", control_socket, "-j"]
    result = subprocess.run(
        [*command, "-c", "show listeners"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    [listener] = json.loads(result.stdout)["listeners"]
    return listener["address"]
