"""The mails themselves: a release (at publication or under embargo) and the
confirmation of a subscription, each with an HTML and a plain-text part."""

import binascii
import uuid
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from releases.models import PressRelease, ReleaseContact

from . import links

LIST_NAME = "CNES press releases"


def mail_domain():
    """Return the domain of the sender's address, which names the list and the
    messages."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def list_id():
    return f"{LIST_NAME} <releases.{mail_domain()}>"


def message_id(delivery):
    """Return the Message-ID of a delivery: the same at every attempt, so that a
    mailbox keeps one copy if a message is ever sent twice."""
    return f"<delivery.{delivery.pk}.release.{delivery.release_id}@{mail_domain()}>"


def load_version(pk):
    """Return a release with what its mail shows, in a fixed number of queries."""
    return PressRelease.objects.prefetch_related(
        Prefetch(
            "releasecontact_set",
            queryset=ReleaseContact.objects.select_related("contact"),
        )
    ).get(pk=pk)


def embargo_notice(release):
    """Return "EMBARGO: not for publication before <date and time, Paris time>"
    in the active language."""
    local = timezone.localtime(release.published_at)
    return _("EMBARGO: not for publication before %(when)s (Paris time)") % {
        "when": date_format(local, "j F Y, H:i"),
    }


class ReleaseMail:
    """The mail of one version of a release in one language (and under embargo,
    or not), rendered once and then addressed to each subscriber.

    Rendering the templates for every subscriber would cost more than sending:
    they are rendered with placeholders where a subscriber's own links go, which
    ``to()`` replaces (the links are plain URLs, the same in text and HTML).
    """

    MANAGE = "https://manage.placeholder.invalid/"
    UNSUBSCRIBE = "https://unsubscribe.placeholder.invalid/"
    PREVIEW = "https://preview.placeholder.invalid/"

    def __init__(self, version, language, embargo=False):
        self.version = version
        self.language = language
        with translation.override(language):
            notice = embargo_notice(version) if embargo else ""
            context = {
                "release": version,
                "release_url": self.PREVIEW
                if embargo
                else links.absolute(version.get_absolute_url()),
                "contacts": [link.contact for link in version.releasecontact_set.all()],
                "embargo": notice,
                "manage_url": self.MANAGE,
                "unsubscribe_url": self.UNSUBSCRIBE,
                "site_url": settings.SITE_URL,
            }
            self.subject = f"{notice} – {version.title}" if embargo else version.title
            self.text = render_to_string("distribution/email/release.txt", context)
            self.html = render_to_string("distribution/email/release.html", context)

    def personal(self, delivery, preview_url=None):
        """Return the subscriber's headers, text and HTML."""
        subscriber = delivery.subscriber
        with translation.override(self.language):
            unsubscribe = links.unsubscribe_url(subscriber)
            own = {
                self.MANAGE: links.manage_url(subscriber),
                self.UNSUBSCRIBE: unsubscribe,
                self.PREVIEW: preview_url or "",
            }
        text, html = self.text, self.html
        for placeholder, url in own.items():
            text = text.replace(placeholder, url)
            html = html.replace(placeholder, url)
        headers = {
            "Message-ID": message_id(delivery),
            "List-Id": list_id(),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": self.version.language,
        }
        return headers, text, html

    def to(self, delivery, preview_url=None):
        """Return the message for the delivery's subscriber."""
        headers, text, html = self.personal(delivery, preview_url)
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.subscriber.email],
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
        return message

    def to_smtp(self, delivery, preview_url=None):
        """Return the same message as ``to()``, as the bytes SMTP sends.

        Django's message() parses every header into objects, about 7 ms a mail,
        more than the rest of the sending: this writes the message directly
        (headers encoded once per mail of the release, each part in
        quoted-printable), about 0.3 ms. Return None for an address that is not
        plain ASCII, which ``to()`` handles.
        """
        address = delivery.subscriber.email
        if not address.isascii():
            return None
        headers, text, html = self.personal(delivery, preview_url)
        boundary = f"=_{uuid.uuid4().hex}"
        lines = [
            f"From: {_encoded_address(settings.DEFAULT_FROM_EMAIL)}",
            f"To: {address}",
            f"Subject: {_encoded(self.subject)}",
            f"Date: {formatdate()}",
            *(f"{name}: {value}" for name, value in headers.items()),
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
        ]
        data = "\r\n".join(lines).encode()
        for subtype, body in (("plain", text), ("html", html)):
            data += (
                f"\r\n--{boundary}\r\n"
                f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            ).encode()
            body = body.replace("\r\n", "\n").replace("\n", "\r\n").encode()
            data += binascii.b2a_qp(body, istext=True)
        return data + f"\r\n--{boundary}--\r\n".encode()


def _encoded(text):
    """Return a header value, RFC 2047 encoded when it is not plain ASCII."""
    if text.isascii():
        return text
    return Header(text, "utf-8", header_name="Subject").encode(linesep="\r\n")


def _encoded_address(address):
    name, addr = parseaddr(address)
    return formataddr((name, addr), charset="utf-8")


def confirmation_message(subscriber):
    """Return the mail that asks to confirm the choices waiting in
    ``subscriber.pending_choices``."""
    language = subscriber.pending_choices["language"]
    with translation.override(language):
        context = {
            "confirm_url": links.confirmation_url(subscriber),
            "days": links.CONFIRMATION_DAYS,
            "site_url": settings.SITE_URL,
        }
        message = EmailMultiAlternatives(
            subject=_("Confirm your subscription to CNES press releases"),
            body=render_to_string("distribution/email/confirm.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscriber.email],
            headers={"List-Id": list_id(), "Content-Language": language},
        )
        message.attach_alternative(
            render_to_string("distribution/email/confirm.html", context), "text/html"
        )
    return message
