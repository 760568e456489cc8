import io
import json
import logging
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from cnespress.logs import JsonFormatter, RequestIdFilter, TextFormatter, logging_config

pytestmark = pytest.mark.django_db

TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"


@pytest.fixture
def capture_log():
    """Return a function that starts capturing the log through our filter and the
    given formatter, and returns a function giving the lines logged since."""
    root = logging.getLogger()
    level, handlers = root.level, []

    def capture(formatter):
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(formatter())
        root.addHandler(handler)
        handlers.append(handler)
        return lambda: stream.getvalue().splitlines()

    root.setLevel(logging.INFO)
    yield capture
    root.setLevel(level)
    for handler in handlers:
        root.removeHandler(handler)


@pytest.fixture
def json_log(capture_log):
    lines = capture_log(JsonFormatter)
    return lambda: [json.loads(line) for line in lines()]


@pytest.fixture
def text_log(capture_log):
    return capture_log(TextFormatter)


def test_each_request_is_logged_once_with_its_id(client, json_log):
    response = client.get("/releases/?year=2024")
    [entry] = json_log()
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert re.fullmatch(TIME, entry.pop("time"))
    assert isinstance(entry.pop("duration_ms"), float)
    assert entry == {
        "level": "INFO",
        "logger": "cnespress.request",
        "request_id": response["X-Request-ID"],
        "message": entry["message"],
        "method": "GET",
        "path": "/releases/?year=2024",
        "status": 200,
    }
    assert re.fullmatch(r"GET /releases/\?year=2024 200 \d+\.\d ms", entry["message"])


def test_each_request_gets_its_own_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert first != second


@pytest.mark.parametrize(
    "incoming",
    ["4bf92f3577b34da6a3ce929d0e0e4736", "c0a80101-1f40-4a6e-9d1b-7f0c2a4e5b6d"],
)
def test_a_proxys_request_id_is_kept(client, incoming):
    assert client.get("/", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["", "two words", "id\nFAKE LINE", "<script>", "-leading-dash", "x" * 129],
)
def test_an_odd_request_id_is_replaced(client, incoming):
    response = client.get("/", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_line_of_a_request_carries_its_id(client, json_log):
    response = client.get("/no-such-page/")
    logged = json_log()
    assert [(e["logger"], e["level"]) for e in logged] == [
        ("cnespress.request", "INFO"),
        ("django.request", "WARNING"),
    ]
    assert {e["request_id"] for e in logged} == {response["X-Request-ID"]}


def test_a_line_after_a_request_has_no_id(client, text_log):
    client.get("/")
    logging.getLogger("cnespress.test").warning("Outside")
    [request, line] = text_log()
    assert re.fullmatch(rf"{TIME} WARNING \[-\] cnespress.test: Outside", line)


def test_the_text_line_of_a_request(client, text_log):
    client.get("/fr/", HTTP_X_REQUEST_ID="proxy-7")
    [line] = text_log()
    assert re.fullmatch(
        rf"{TIME} INFO \[proxy-7\] cnespress.request: GET /fr/ 200 \d+\.\d ms", line
    )


def test_a_path_cannot_forge_a_log_line(client, text_log):
    client.get("/releases/%0A2026-01-01T00:00:00.000+00:00 INFO [-] forged/")
    request, not_found = text_log()
    assert not_found.endswith(
        "django.request: Not Found: /releases/\\n2026-01-01T00:00:00.000+00:00"
        " INFO [-] forged/"
    )
    assert re.search(
        r"GET /releases/%0A2026-01-01T00:00:00.000\+00:00%20INFO%20%5B-%5D%20forged/"
        r" 404 \d+\.\d ms$",
        request,
    )


def test_a_logged_value_cannot_forge_a_text_line(text_log):
    logging.getLogger("cnespress.test").warning(
        "Unknown nation %s", "zz\r\n2026-01-01T00:00:00.000+00:00 INFO [-] forged"
    )
    [line] = text_log()
    assert line.endswith(
        "cnespress.test: Unknown nation "
        "zz\\r\\n2026-01-01T00:00:00.000+00:00 INFO [-] forged"
    )


def test_a_traceback_stays_in_its_json_line(json_log):
    try:
        int("one")
    except ValueError:
        logging.getLogger("cnespress.test").exception("Failed")
    [entry] = json_log()
    assert entry["message"] == "Failed"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert entry["exception"].endswith(
        "ValueError: invalid literal for int() with base 10: 'one'"
    )


def test_the_configuration_writes_every_line_through_one_formatter():
    config = logging_config(level="WARNING", log_format="json")
    assert config["root"] == {"handlers": ["console"], "level": "WARNING"}
    assert config["formatters"]["default"] == {"()": JsonFormatter}
    assert config["loggers"]["gunicorn.error"] == {"handlers": [], "propagate": True}
    assert logging_config()["formatters"]["default"] == {"()": TextFormatter}


def test_an_unknown_log_format_is_named():
    with pytest.raises(ImproperlyConfigured) as error:
        logging_config(log_format="xml")
    assert str(error.value) == "DJANGO_LOG_FORMAT must be one of text, json, not 'xml'."
