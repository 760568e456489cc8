"""Read public pages from a read replica, everything else from the primary.

``DATABASE_REPLICA_URLS`` (comma-separated) adds the databases ``replica1``,
``replica2``... (``settings.DATABASE_REPLICAS``). For each request,
``ReplicaRoutingMiddleware`` chooses the database every read of the request uses:

- one replica, at random, for a GET or HEAD of a public page (the pages the page
  cache serves) by a visitor with no session or messages cookie;
- the primary for everything else: the admin, the staff workspace, logged-in
  users, embargo previews (a link is opened right after it is made), any request
  that writes, and a visitor's requests for ``DATABASE_PRIMARY_AFTER_WRITE``
  seconds after one that wrote (a cookie says so), so they read what they wrote.

All the reads of a request come from that one database, the content version
included (``releases.versioning.content_token`` reads it through the router). A
replica only moves forward, so the page is never older than the version it is
cached under, however far the replica lags behind the primary.

``ReplicaRouter`` applies the choice; writes go to the primary, and migrations
never run on a replica. A replica that does not answer is left out, and tried
again RETRY_SECONDS later; the site then reads from the primary, and logs the
outage once.
"""

import logging
import random
import time

from asgiref.local import Local
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from releases.page_cache import CACHED_NAMESPACES, CACHED_URL_NAMES

logger = logging.getLogger(__name__)

COOKIE = "read_primary"
# Public pages that read from the primary all the same.
PRIMARY_VIEWS = {"releases:preview"}
RETRY_SECONDS = 5

_request = Local()
_unreachable_until = {}


def reading_from():
    """Return the alias of the replica the current request reads from, or None
    when it reads from the primary."""
    return getattr(_request, "alias", None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return reading_from()

    def db_for_write(self, model, **hints):
        _request.wrote = True
        instance = hints.get("instance")
        if instance is not None and instance._state.db in settings.DATABASE_REPLICAS:
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1, obj2, **hints):
        same_data = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        if db in settings.DATABASE_REPLICAS:
            return False
        return None


def answering_replica():
    """Return a replica that answers, chosen at random, or None if none does."""
    replicas = list(settings.DATABASE_REPLICAS)
    random.shuffle(replicas)
    for alias in replicas:
        if _unreachable_until.get(alias, 0) > time.monotonic():
            continue
        try:
            # Connects, or checks a kept connection (DJANGO_CONN_MAX_AGE); no query.
            connections[alias].cursor().close()
        except DatabaseError as error:
            if alias not in _unreachable_until:
                logger.warning(
                    "Read replica %s does not answer, reading from the primary: %s",
                    alias,
                    " ".join(str(error).split()),
                )
            _unreachable_until[alias] = time.monotonic() + RETRY_SECONDS
            continue
        if _unreachable_until.pop(alias, None) is not None:
            logger.warning("Read replica %s answers again.", alias)
        return alias
    return None


class ReplicaRoutingMiddleware:
    """Choose the database each request reads from; put it just before the page
    cache's middleware, so that the cache reads the content version from it."""

    def __init__(self, get_response):
        if not settings.DATABASE_REPLICAS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        _request.alias, _request.wrote = None, False
        try:
            response = self.get_response(request)
            wrote = _request.wrote or request.method not in ("GET", "HEAD", "OPTIONS")
        finally:
            _request.alias, _request.wrote = None, False
        if wrote:
            response.set_cookie(
                COOKIE,
                "1",
                max_age=settings.DATABASE_PRIMARY_AFTER_WRITE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self._may_read_from_a_replica(request):
            _request.alias = answering_replica()

    def _may_read_from_a_replica(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        cookies = (settings.SESSION_COOKIE_NAME, "messages", COOKIE)
        if any(name in request.COOKIES for name in cookies):
            return False
        match = request.resolver_match
        if match.view_name in PRIMARY_VIEWS:
            return False
        return bool(
            CACHED_NAMESPACES.intersection(match.namespaces)
            or (not match.namespaces and match.url_name in CACHED_URL_NAMES)
        )
