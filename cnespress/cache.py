"""Redis and memcached caches that turn an unreachable server into cache misses.

The cache speeds the site up; it must never take it down. When the server does
not answer, reads miss and writes are dropped, so pages are built from the
database; the outage is logged once per process (and so is the recovery), and
the server is left alone for OUTAGE_RETRY_SECONDS instead of costing a
connection timeout on every call.

``settings.cache_from_url`` selects these backends for redis:// and memcached://
values of DJANGO_CACHE_URL.
"""

import re

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.memcached import PyMemcacheCache
from django.core.cache.backends.redis import RedisCache
from pymemcache.exceptions import MemcacheError
from redis.exceptions import RedisError

from .outages import Outage

CACHE_OUTAGE_CONSEQUENCE = "serving pages uncached"
READINESS_KEY = "cnespress:readiness"
CREDENTIALS = re.compile(r"//[^/@]*@")  # redis://user:password@host: not in the logs
_outages = {}


def outage_of(location):
    """Return the process-wide state of the cache server(s) at ``location``.

    Django makes a cache object per thread; they share one state per server.
    """
    name = f"The cache ({CREDENTIALS.sub('//', location)})"
    return _outages.setdefault(name, Outage(name))


class ResilientCacheMixin:
    """Wrap a cache backend's calls: a server error is a miss, logged once."""

    server_errors = ()
    scheme = ""  # for the log, when the location has none

    def __init__(self, server, params):
        super().__init__(server, params)
        servers = [server] if isinstance(server, str) else server
        self.outage = outage_of(self.scheme + ",".join(servers))

    def _call(self, fallback, method, *args):
        if self.outage.is_resting():
            return fallback
        try:
            result = method(*args)
        except self.server_errors as error:
            self.outage.failed(error, CACHE_OUTAGE_CONSEQUENCE)
            return fallback
        self.outage.succeeded()
        return result

    def answers(self):
        """Return True if the server answers now (a write and a read), whatever
        the retry time; record the result."""
        try:
            super().set(READINESS_KEY, "ok", 60)
            super().get(READINESS_KEY)
        except self.server_errors as error:
            self.outage.failed(error, CACHE_OUTAGE_CONSEQUENCE)
            return False
        self.outage.succeeded()
        return True

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._call(None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def clear(self):
        return self._call(None, super().clear)


class ResilientRedisCache(ResilientCacheMixin, RedisCache):
    server_errors = (RedisError,)


class ResilientPyMemcacheCache(ResilientCacheMixin, PyMemcacheCache):
    # pymemcache raises socket errors (OSError) as they come, and MemcacheError
    # when every server is marked dead.
    server_errors = (MemcacheError, OSError)
    scheme = "memcached://"

    def __init__(self, server, params):
        super().__init__(server, params)
        # pymemcache's own retries would answer misses without telling us: a
        # failing server leaves the pool at once, and is tried again with ours.
        self._options = {
            "retry_attempts": 0,
            "dead_timeout": settings.OUTAGE_RETRY_SECONDS,
            **self._options,
        }

    def clear(self):
        try:
            return super().clear()
        except ValueError as error:
            # pymemcache's flush_all takes a failing server out of its ring a
            # second time, which raises ValueError: "No such node".
            self.outage.failed(error, CACHE_OUTAGE_CONSEQUENCE)
