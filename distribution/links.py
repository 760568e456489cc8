"""The signed links a subscriber finds in their mail: confirm, manage, unsubscribe.

Each carries the subscriber's id signed with the secret key (and a salt per
purpose), so nothing is stored and a forged link is refused before any query.
A confirmation link also carries the nonce of the choices it confirms, and
expires after CONFIRMATION_DAYS.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Subscriber

CONFIRMATION_DAYS = 7
CONFIRM_SALT = "distribution.confirm"
MANAGE_SALT = "distribution.manage"
UNSUBSCRIBE_SALT = "distribution.unsubscribe"


def absolute(path):
    """Return the address of a path on the public site (settings.SITE_URL)."""
    return settings.SITE_URL + path


def _url(name, token, language):
    with translation.override(language):
        return absolute(reverse(name, kwargs={"token": token}))


def new_nonce():
    return secrets.token_urlsafe(12)


def confirmation_url(subscriber):
    token = signing.dumps(
        [subscriber.pk, subscriber.pending_choices["nonce"]], salt=CONFIRM_SALT
    )
    return _url("distribution:confirm", token, subscriber.pending_choices["language"])


def manage_url(subscriber):
    token = signing.dumps(subscriber.pk, salt=MANAGE_SALT)
    return _url("distribution:manage", token, subscriber.language)


def unsubscribe_url(subscriber):
    token = signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT)
    return _url("distribution:unsubscribe", token, subscriber.language)


class LinkExpired(Exception):
    pass


def find_to_confirm(token):
    """Return the subscriber and the choices a confirmation token confirms.

    Raise LinkExpired for a link older than CONFIRMATION_DAYS, or one whose
    choices were confirmed or replaced since; Subscriber.DoesNotExist for a bad
    or unknown one.
    """
    try:
        pk, nonce = signing.loads(
            token,
            salt=CONFIRM_SALT,
            max_age=datetime.timedelta(days=CONFIRMATION_DAYS),
        )
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise Subscriber.DoesNotExist from error
    subscriber = Subscriber.objects.get(pk=pk)
    choices = subscriber.pending_choices
    if not choices or choices.get("nonce") != nonce:
        raise LinkExpired
    return subscriber, choices


def find(token, salt):
    """Return the subscriber of a manage or unsubscribe token; raise
    Subscriber.DoesNotExist for a bad one, or an erased subscriber."""
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature as error:
        raise Subscriber.DoesNotExist from error
    return Subscriber.objects.get(pk=pk)
