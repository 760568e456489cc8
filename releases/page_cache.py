"""Cache anonymous public pages whole, under the version of the public content.

Only GET and HEAD requests of the public site's views are cached, for visitors
without a session or messages cookie (so never for a logged-in user), and only
200 responses that set no cookie. The cache key holds the content version and the
time of the next scheduled publication (``releases.versioning``): any change to
what the public sees, or a scheduled release coming due, gives every page a new
key. Cached pages carry an ETag and a Last-Modified date, so a repeat visit or a
crawler gets a 304, and, when served from the cache, an Age.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from .versioning import CACHE_TIMEOUT, content_version

CACHED_NAMESPACES = {"releases"}
CACHED_URL_NAMES = {"sitemap", "robots"}


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
        self.cache.set(key, entry, CACHE_TIMEOUT)
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
        # How long ago the page was rendered, as any cache says (RFC 9111).
        response["Age"] = str(max(0, int(time.time() - last_modified)))
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
