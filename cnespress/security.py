from django.conf import settings


def client_ip(request):
    """Return the client's address: behind our reverse proxy (DJANGO_BEHIND_PROXY),
    the last address it added to X-Forwarded-For, else the connection's address."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
