"""The version of the public content, and the figures computed once per version.

The version lives in the database (``ContentVersion``), which every worker and
app server shares, so a change made through any of them is seen by all. It gets a
new token whenever a release, or anything a release shows, is saved or deleted
(the signals connected by ``connect_signals``). Together with the time of the next
scheduled publication, it keys the whole-page cache (``releases.page_cache``) and
``memoize()``: figures that are costly to compute on a large archive (the number
of releases a listing matches, the choices of its filters, the nations page, the
staff report) are computed once per version and shared by all.
"""

import hashlib
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

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

CACHE_TIMEOUT = 24 * 60 * 60
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
    """Return the version token of the public content, in one plain query, from
    the database the request reads its pages from (cnespress/db_routing.py)."""
    with connections[router.db_for_read(ContentVersion)].cursor() as cursor:
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
    key = ("version", router.db_for_read(ContentVersion))
    if memo is not None and key in memo:
        return memo[key]
    version = _find_content_version()
    if memo is not None:
        memo[key] = version
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
        cache.set(key, value, CACHE_TIMEOUT)
    if memo is not None:
        memo[key] = value
    return value


def bump_content_version(**kwargs):
    """Give the public content a new version, which invalidates every page.

    Not for each row that loaddata saves ("raw": fixtures, a restore): the
    command that loads them gives the content one new version at the end.
    """
    if kwargs.get("raw"):
        return
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
