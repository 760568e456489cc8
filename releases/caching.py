"""Cache anonymous public pages whole, under the version of the public content.

The version lives in the database (``ContentVersion``), which every worker and
app server shares, so a change made through any of them invalidates the pages of
all. It gets a new token whenever a release, or anything a release shows, is
saved or deleted. The cache key also holds the time of the next scheduled
publication: when it passes, the key changes and the release appears at once.

The same version keys ``memoize()``: figures that are costly to compute on a large
archive (the number of releases a listing matches, the choices of its filters, the
staff report's aggregates) are computed once per version and shared by all.

Only GET and HEAD requests of the public site's views are cached, for visitors
without a session or messages cookie (so never for a logged-in user), and only
200 responses that set no cookie. Cached pages carry an ETag and a Last-Modified
date, so a repeat visit or a crawler gets a 304.
"""

import hashlib
import time
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

from .models import (
    Contact,
    ContentVersion,
    Document,
    Image,
    PartnerNation,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseDocument,
    ReleaseImage,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    Topic,
)

CACHED_NAMESPACES = {"releases"}
CACHED_URL_NAMES = {"sitemap", "robots"}
PAGE_TIMEOUT = 24 * 60 * 60
NOT_KNOWN = object()
_TOKEN_SQL = f"SELECT token FROM {ContentVersion._meta.db_table} WHERE id = 1"
WATCHED_MODELS = [
    PressRelease,
    ReleaseNation,
    ReleaseContact,
    ReleaseSpeaker,
    Quote,
    PartnerNation,
    Topic,
    Speaker,
    Contact,
    Image,
    Document,
    ReleaseImage,
    ReleaseDocument,
]


def content_token():
    """Return the version token of the public content, in one plain query."""
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL)
        row = cursor.fetchone()
    return row[0] if row else ""


def next_publication():
    """Return when the next scheduled release becomes public, or None."""
    scheduled = PressRelease.objects.scheduled().order_by("published_at")
    return scheduled.values_list("published_at", flat=True).first()


_next_publications = {}
_request = Local()


def _start_request(**kwargs):
    _request.memo = {}


def _finish_request(**kwargs):
    _request.memo = None


def _request_memo():
    """Return the values read during the current request, or None outside one."""
    return getattr(_request, "memo", None)


def content_version():
    """Return the content token and the time of the next scheduled publication.

    The token is read once per request (one primary-key query); the time is
    looked up again only when the token changes or the time passes.
    """
    memo = _request_memo()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = _find_content_version()
    if memo is not None:
        memo["version"] = version
    return version


def _find_content_version():
    global _next_publications
    token = content_token()
    publication = _next_publications.get(token, NOT_KNOWN)
    if publication is NOT_KNOWN or (
        publication is not None and publication <= timezone.now()
    ):
        publication = next_publication()
        _next_publications = {token: publication}
    return token, str(publication)


def memoize(name, parts, compute):
    """Return ``compute()``, computed once per version of the public content.

    ``parts`` (strings) tell apart the values of one name: the language, the
    query string. The value must be picklable. It is kept in the cache, and for
    the rest of the request in memory.
    """
    raw = "|".join([name, *content_version(), *parts])
    key = "memo:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    memo = _request_memo()
    if memo is not None and key in memo:
        return memo[key]
    cache = caches[settings.PAGE_CACHE_ALIAS]
    value = cache.get(key, NOT_KNOWN)
    if value is NOT_KNOWN:
        value = compute()
        cache.set(key, value, PAGE_TIMEOUT)
    if memo is not None:
        memo[key] = value
    return value


def canonical_query(request, leave_out=()):
    """Return the request's query string, its parameters in a fixed order."""
    return urlencode(
        sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name not in leave_out
            for value in values
        )
    )


def bump_content_version(**kwargs):
    """Give the public content a new version, which invalidates every page."""
    if (memo := _request_memo()) is not None:
        memo.clear()
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if not ContentVersion.objects.filter(pk=1).update(**values):
        ContentVersion.objects.create(pk=1, **values)


def _m2m_changed(action, **kwargs):
    if action.startswith("post_"):
        bump_content_version()


def connect_signals():
    request_started.connect(_start_request)
    request_finished.connect(_finish_request)
    for model in WATCHED_MODELS:
        post_save.connect(bump_content_version, sender=model)
        post_delete.connect(bump_content_version, sender=model)
    for field in (
        "topics",
        "partner_nations",
        "contacts",
        "speakers",
        "images",
        "documents",
    ):
        through = getattr(PressRelease, field).through
        m2m_changed.connect(_m2m_changed, sender=through)


class PublicPageCacheMiddleware:
    """Serve and store whole public pages; put it last in MIDDLEWARE."""

    def __init__(self, get_response):
        if not settings.PAGE_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False):
            return response
        if not self._is_cacheable(request, response):
            return response
        content = response.content
        entry = (
            response.status_code,
            content,
            list(response.items()),
            f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
            time.time(),
        )
        self.cache.set(key, entry, PAGE_TIMEOUT)
        return self._conditional(request, response, entry)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._is_public(request):
            return None
        raw_key = "|".join(
            [*content_version(), get_language(), request.build_absolute_uri()]
        )
        request._page_cache_key = (
            "page:" + hashlib.md5(raw_key.encode(), usedforsecurity=False).hexdigest()
        )
        entry = self.cache.get(request._page_cache_key)
        if entry is None:
            return None
        request._page_cache_hit = True
        status, content, headers, etag, last_modified = entry
        response = HttpResponse(content, status=status, headers=dict(headers))
        return self._conditional(request, response, entry)

    def _is_public(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        if "messages" in request.COOKIES:
            return False
        match = request.resolver_match
        return bool(
            CACHED_NAMESPACES.intersection(match.namespaces)
            or (not match.namespaces and match.url_name in CACHED_URL_NAMES)
        )

    def _is_cacheable(self, request, response):
        messages = getattr(request, "_messages", None)
        session = getattr(request, "session", None)
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (messages is not None and messages.added_new)
            and not (session is not None and session.modified)
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    def _conditional(self, request, response, entry):
        status, content, headers, etag, last_modified = entry
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )
