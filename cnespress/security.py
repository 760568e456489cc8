import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
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


class LoginAttemptHandler(AxesDatabaseHandler):
    """django-axes' database handler, except that a successful login clears only
    the failures of its own account from its own address.

    With AXES_RESET_ON_SUCCESS, axes clears the failures matching any lock-out
    parameter: with ["username", "ip_address"], every failure from the address,
    whatever the account, so that logging in as B between guesses at A's
    password kept A from ever being locked.
    """

    def reset_user_attempts(self, request, credentials=None):
        attempts = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
        count, _ = attempts.delete()
        return count
