"""Embargo preview links: give them a token, put it in a URL, find them again.

The token is random (256 bits) and only its SHA-256 hash is stored, so a copy of
the database does not reveal live links. The URL carries the token signed with
the secret key, so a forged or mistyped URL is refused before any query.
"""

import hashlib
import secrets

from django.core.signing import BadSignature, Signer
from django.urls import reverse
from django.utils import timezone

from .models import PreviewLink

SALT = "releases.preview-link"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(link, user):
    """Give ``link`` a new random token and save it; return the signed token, which
    only the URL shown once to its creator holds."""
    token = secrets.token_urlsafe(32)
    link.token_hash = hash_token(token)
    link.created_by = user
    link.save()
    return Signer(salt=SALT).sign(token)


def preview_url(signed_token):
    return reverse("releases:preview", kwargs={"token": signed_token})


def find_active(signed_token):
    """Return the active link of a signed token, or None: bad signature, unknown,
    revoked or expired."""
    try:
        token = Signer(salt=SALT).unsign(signed_token)
    except BadSignature:
        return None
    return PreviewLink.objects.active().filter(token_hash=hash_token(token)).first()


def revoke(links, user):
    """Revoke the links not revoked yet; return how many were."""
    return links.filter(revoked_at=None).update(
        revoked_at=timezone.now(), revoked_by=user
    )
