import ipaddress

from django.conf import settings


def client_ip(request):
    """Return the client's address.

    Behind TRUSTED_PROXIES reverse proxies, each of which adds to
    X-Forwarded-For the address that connected to it, the client is the entry
    that many places from the right: the entries to its left come from the
    client itself, which may have sent anything. Without proxies, or when the
    header holds too few entries or not an address there, it is the
    connection's address.
    """
    proxies = settings.TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

