"""Keep serving, or answer 503 politely, while a server we depend on is down.

An ``Outage`` remembers, for this process, that a server stopped answering: it
logs the outage once, lets callers skip the server for a few seconds instead of
paying a connection timeout on every request, and logs the recovery.

For the database: a request that fails with a connection-level error while a
database does not answer gets the static page ``503.html`` (both languages) with
``Retry-After``, instead of a 500 and a traceback; until the retry time, the
following requests get it at once, without trying the database.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("cnespress.outages")


class Outage:
    """The state of one server for this process: up, or down since when."""

    def __init__(self, name):
        self.name = name
        self.down_since = None
        self.retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def is_down(self):
        return self.down_since is not None

    def is_resting(self):
        """Return True while callers should not try the server again yet."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error, consequence):
        """Record a failure; log it only when the server was up until now."""
        with self._lock:
            now = time.monotonic()
            self.retry_at = now + settings.OUTAGE_RETRY_SECONDS
            if self.down_since is not None:
                return
            self.down_since = now
        logger.error(
            "%s unreachable (%s): %s; trying again every %s s.",
            self.name,
            first_line(error),
            consequence,
            settings.OUTAGE_RETRY_SECONDS,
            extra={"outage": self.name},
        )

    def succeeded(self):
        """Record that the server answered; log it if it was down."""
        if self.down_since is None:
            return
        with self._lock:
            if self.down_since is None:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since = None
        logger.warning(
            "%s answers again, after %.0f s.",
            self.name,
            seconds,
            extra={"outage": self.name},
        )


def first_line(error):
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else ''}"


database_outage = Outage("The database")
DATABASE_OUTAGE_CONSEQUENCE = "answering 503"


def databases_answer():
    """Return True if the primary database answers a trivial query; record the
    result.

    It is tried on a new connection, so that the state of the request's
    connection (broken, or inside a transaction) does not matter. Read replicas
    are left out: the router skips one that does not answer and reads from the
    primary (cnespress/db_routing.py), so the site is up without them.
    """
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        database_outage.failed(error, DATABASE_OUTAGE_CONSEQUENCE)
        return False
    finally:
        connection.close()
    database_outage.succeeded()
    return True


def service_unavailable():
    """Return the 503 page, in both languages, with Retry-After.

    It depends on nothing that could be down: no database, no cache, no
    message catalogue (its two languages are written in the template).
    """
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """While the database is known to be down, answer 503 without trying it.

    Past the retry time, the next request tries the database first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if database_outage.is_down and (
            database_outage.is_resting() or not databases_answer()
        ):
            return service_unavailable()
        return self.get_response(request)


def server_error(request):
    """Answer an unhandled error: 503 if the database is down, else Django's 500.

    Django calls this view (``handler500``) while handling the exception. An
    operational error (refused connection, lost server) while a database does
    not answer is an outage, logged once by ``database_outage``: Django's own
    log of the response, a traceback per request, is skipped.
    """
    error = sys.exception()
    if isinstance(error, OperationalError | InterfaceError) and (
        database_outage.is_resting() or not databases_answer()
    ):
        response = service_unavailable()
        response._has_been_logged = True  # read by django.utils.log.log_response
        return response
    return django_server_error(request)
