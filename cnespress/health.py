"""Health checks for a load balancer.

``/healthz``: the process answers (nothing else is tried).
``/readyz``: the databases and the cache answer; 503 otherwise.

They are answered by the first middleware, before the host check, the HTTPS
redirect and the request log: a balancer probes each server by its address, over
plain HTTP, every few seconds. They are never cached, and are not pages of the
site (not in the URLs, the sitemap, nor under /fr/).
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from .outages import databases_answer


def caches_answer():
    """Return True if every cache server answers (a local cache always does)."""
    for alias in settings.CACHES:
        answers = getattr(caches[alias], "answers", None)
        if answers is not None and not answers():
            return False
    return True


def healthz():
    return _plain_response(200, "ok\n")


def readyz():
    checks = {"database": databases_answer(), "cache": caches_answer()}
    body = "".join(
        f"{name} {'ok' if answers else 'unavailable'}\n"
        for name, answers in checks.items()
    )
    return _plain_response(200 if all(checks.values()) else 503, body)


def _plain_response(status, body):
    response = HttpResponse(body, status=status, content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer /healthz and /readyz; put it first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe()
        return self.get_response(request)
