"""How cnespress writes its logs: one line per request, and every line with its
time, level and request id, as text or, with DJANGO_LOG_FORMAT=json, as JSON.

settings.LOGGING and gunicorn.conf.py both take their configuration from
``logging_config()``, so the application's and gunicorn's lines look alike.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
# An incoming X-Request-ID is kept when it is a plain token (a proxy's hex id, a
# UUID); anything else, which could forge log lines, gets a new id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
LOG_FORMATS = ("text", "json")
# The attributes every LogRecord has; anything else was passed in ``extra``.
RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "request_id",
}

request_logger = logging.getLogger("cnespress.request")


class RequestIdFilter(logging.Filter):
    """Give each record the id of the request being answered ("-" outside one)."""

    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True


def _iso_time(record):
    """Return the record's time in UTC, the same in every process of a server."""
    moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
    return moment.isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """``2026-12-03T09:15:02.123+00:00 INFO [request id] logger: message``."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        )

    def formatTime(self, record, datefmt=None):
        return _iso_time(record)

    def formatMessage(self, record):
        """Keep each message on its line: a newline in a logged path or value
        cannot forge another line (a traceback, added after, keeps its own)."""
        line = super().formatMessage(record)
        return line.replace("\r", "\\r").replace("\n", "\\n")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message, the
    record's ``extra`` values that JSON can hold, and the traceback if any."""

    def format(self, record):
        entry = {
            "time": _iso_time(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in RECORD_ATTRIBUTES and isinstance(
                value, str | int | float | bool | None
            ):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(level="INFO", log_format="text"):
    """Return the dictConfig of the application's and gunicorn's logs.

    Every line goes to standard error (systemd's journal), through one handler.
    gunicorn's access log is left out: the application writes one line per
    request itself (``RequestLogMiddleware``), with the request's id.
    """
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"DJANGO_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, "
            f"not {log_format!r}."
        )
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            },
            "discard": {"class": "logging.NullHandler"},
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's and gunicorn's loggers lose their own handlers and pass their
        # lines to the root's.
        "loggers": {
            "django": {"handlers": [], "propagate": True},
            "django.server": {"handlers": [], "propagate": True},
            "gunicorn.error": {"handlers": [], "propagate": True},
            "gunicorn.access": {"handlers": ["discard"], "propagate": False},
            # WeasyPrint and fontTools tell each step of a PDF at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def forget_request_id(**kwargs):
    REQUEST_ID.set("-")


class RequestLogMiddleware:
    """Give each request an id, send it back as X-Request-ID, and log one line
    when the response is ready: method, path, status and duration.

    The id stays set until the response is closed (``request_finished``), so
    that the lines Django logs after the middleware (a 404's warning) carry it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(forget_request_id, dispatch_uid=__name__)

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = (
            incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        )
        REQUEST_ID.set(request.request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = request.get_full_path()
        request_logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
