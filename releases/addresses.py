"""Addresses of pages, reversed once per language and URL configuration.

Reversing a URL costs tens of microseconds, and a list of releases shows about a
hundred links to the same few nations, topics and speakers.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def cached_reverse(viewname, **kwargs):
    """Return reverse(viewname, kwargs=kwargs), from a cache when it can."""
    key = (get_urlconf(), get_script_prefix(), get_language(), viewname)
    return _reverse(*key, tuple(kwargs.items()))


@lru_cache(maxsize=4096)
def _reverse(urlconf, script_prefix, language, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


@receiver(setting_changed)
def _forget_addresses(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _reverse.cache_clear()
