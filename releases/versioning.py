"""The versions of the content, and the figures computed once per version.

Two tokens live in the database (``ContentVersion``), which every worker and app
server shares, so a change made through any of them is seen by all:

- the public token changes only when what a visitor can see changes (the rules
  are in ``releases.changes``): saving a draft, a scheduled release before its
  time, pending changes or a subscriber leaves it, and so every cached page,
  alone;
- the staff token changes with every change, drafts included: the staff
  figures, which count drafts, are kept under it.

A scheduled release becomes public by time, with no write. So the public version
is the token together with the date of the latest publication that has come due
(``content_version()``, one query): when a scheduled release's time comes, the
version changes by itself, whenever and however often the release was
rescheduled before.

The public version keys the whole-page cache (``releases.page_cache``);
``memoize()`` keeps, under either version, figures too costly to compute on
every view (the staff report, the choices of the archive's filters), and
``memoize_each()`` the release cards of the public lists.
"""

import hashlib
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import connections, router
from django.utils import timezone

from .models import ContentVersion, PressRelease

CACHE_TIMEOUT = 24 * 60 * 60
NOT_KNOWN = object()
_RELEASES = PressRelease._meta.db_table
_VERSIONS = ContentVersion._meta.db_table
_PUBLIC_SQL = (
    f"SELECT token, (SELECT published_at FROM {_RELEASES} WHERE status = %s"
    " AND published_at <= %s ORDER BY published_at DESC LIMIT 1)"
    f" FROM {_VERSIONS} WHERE id = 1"
)
_STAFF_SQL = f"SELECT staff_token FROM {_VERSIONS} WHERE id = 1"

_request = Local()


def _start_request(**kwargs):
    _request.memo = {}


def _finish_request(**kwargs):
    _request.memo = None


def _request_memo():
    """Return the values read during the current request, or None outside one."""
    return getattr(_request, "memo", None)


def _read_once(name, read):
    """Return ``read(alias)`` from the database the request reads its pages from
    (cnespress/db_routing.py), once per request."""
    alias = router.db_for_read(ContentVersion)
    memo = _request_memo()
    key = (name, alias)
    if memo is not None and key in memo:
        return memo[key]
    value = read(connections[alias])
    if memo is not None:
        memo[key] = value
    return value


def _public_version(connection):
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_SQL, [PressRelease.Status.PUBLISHED.value, now])
        row = cursor.fetchone()
    return (row[0], str(row[1])) if row else ("", "None")


def _staff_version(connection):
    with connection.cursor() as cursor:
        cursor.execute(_STAFF_SQL)
        row = cursor.fetchone()
    return (row[0],) if row else ("",)


def content_version():
    """Return the version of what the public sees: the public token and the date
    of the latest publication that has come due (strings), read in one query
    once per request."""
    return _read_once("public", _public_version)


def staff_version():
    """Return the version of everything, drafts included (a 1-tuple)."""
    return _read_once("staff", _staff_version)


def memoize(name, parts, compute, *, staff=False):
    """Return ``compute()``, computed once per version of the public content (or
    with ``staff``, of all the content).

    ``parts`` (strings) tell apart the values of one name: the language, the
    query string. The value must be picklable. It is kept in the cache, and for
    the rest of the request in memory.
    """
    version = staff_version() if staff else content_version()
    raw = "|".join([name, *version, *parts])
    key = "memo:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    memo = _request_memo()
    if memo is not None and key in memo:
        return memo[key]
    cache = caches[settings.PAGE_CACHE_ALIAS]
    value = cache.get(key, NOT_KNOWN)
    if value is NOT_KNOWN:
        value = compute()
        cache.set(key, value, CACHE_TIMEOUT)
    if memo is not None:
        memo[key] = value
    return value


def memoize_each(name, items, parts, compute):
    """Return ``compute(item)`` for each of ``items`` (objects with a ``pk``), each
    computed once per version of the public content and ``parts``: the cache is
    read once for all of them, and written once for those it did not hold."""
    version = content_version()
    keys = {}
    for item in items:
        raw = "|".join([name, *version, *parts, str(item.pk)])
        digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
        keys[item.pk] = f"{name}:{digest}"
    cache = caches[settings.PAGE_CACHE_ALIAS]
    found = cache.get_many(keys.values())
    values, new = [], {}
    for item in items:
        key = keys[item.pk]
        if key not in found:
            found[key] = new[key] = compute(item)
        values.append(found[key])
    if new:
        cache.set_many(new, CACHE_TIMEOUT)
    return values


def renew_versions(public):
    """Give the staff figures a new version, and the public content too if
    ``public``: every page and figure kept under the old one is left behind."""
    if (memo := _request_memo()) is not None:
        memo.clear()
    values = {"staff_token": uuid.uuid4().hex}
    if public:
        values.update(token=uuid.uuid4().hex, changed_at=timezone.now())
    if not ContentVersion.objects.filter(pk=1).update(**values):
        values.setdefault("token", uuid.uuid4().hex)
        values.setdefault("changed_at", timezone.now())
        ContentVersion.objects.create(pk=1, **values)


def bump_content_version():
    """Give all the content a new version, public and staff: after loading rows
    the signals did not see (fixtures, a restore, generated releases)."""
    renew_versions(public=True)


def connect_signals():
    request_started.connect(_start_request)
    request_finished.connect(_finish_request)
