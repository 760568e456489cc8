"""Hand messages to the mail server, knowing which ones it may have received.

Over SMTP, a message is sent up to the last line of its data, then the caller's
``handing_over()`` records it as sent (a committed write), and only then does the
line that ends the data go out. A worker killed before that record leaves a
message the server never accepted (it drops a message whose data did not end),
which is safe to send again; killed after it, the message counts as sent. So
each message is sent at most once, and the only one that can be lost is one
whose worker died in the instant between the record and the end of its data.
"""

import email.policy
import re
import smtplib
import socket

from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

END_OF_DATA = b".\r\n"
# SMTP's policy, without folding lines at 78 characters: folding would encode the
# long unsubscribe address of List-Unsubscribe, which mail clients must read as is.
POLICY = email.policy.SMTP.clone(max_line_length=998)


class Deferred(Exception):
    """The server could not take the message now (4xx, lost connection): retry."""


class Rejected(Exception):
    """The server refused the message for good (5xx)."""


class Unconfirmed(Exception):
    """The connection was lost after the end of the data: the server may have
    accepted the message, so it is not sent again."""


def _check(reply, expected):
    code, text = reply
    if code in expected:
        return
    message = (
        f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    )
    if 500 <= code < 600:
        raise Rejected(message)
    raise Deferred(message)


class Postman:
    """Send messages through the default mailer, over one connection."""

    def __init__(self):
        self.mailer = mailers.default
        self.is_smtp = isinstance(self.mailer, SMTPBackend)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        try:
            self.mailer.close()
        except (OSError, smtplib.SMTPException):
            self.mailer.connection = None

    def deliver(self, message, handing_over, data=None):
        """Send ``message``; return whether it was handed over. Over SMTP,
        ``data`` (bytes) can give the message as written already.

        ``handing_over()`` is called once the server has all of the message but
        its end; when it returns False, the message is abandoned and the server
        drops it. Raise Deferred or Rejected when the server does not accept it,
        Unconfirmed when the connection is lost as it ends.
        """
        if not self.is_smtp:
            if not handing_over():
                return False
            self.mailer.send_messages([message])
            return True
        try:
            return self._deliver_smtp(message, handing_over, data)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self._drop()
            raise Deferred(f"{type(error).__name__}: {error}") from error

    def _deliver_smtp(self, message, handing_over, data):
        if self.mailer.open():
            # The end of the data goes in a small write of its own: without this,
            # it would wait for the acknowledgement of the data (Nagle's
            # algorithm), up to 40 ms a mail.
            self.mailer.connection.sock.setsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
            )
        smtp = self.mailer.connection
        sender = self.mailer.prep_address(message.from_email)
        if data is None:
            data = message.message(policy=POLICY).as_bytes()
        data = re.sub(rb"(?m)^\.", b"..", data)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        try:
            smtp.ehlo_or_helo_if_needed()
            _check(smtp.mail(sender), {250})
            for recipient in message.recipients():
                _check(smtp.rcpt(self.mailer.prep_address(recipient)), {250, 251})
            _check(smtp.docmd("DATA"), {354})
        except (Deferred, Rejected):
            smtp.rset()
            raise
        smtp.send(data)
        if not handing_over():
            self._drop()
            return False
        try:
            smtp.send(END_OF_DATA)
            reply = smtp.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self._drop()
            raise Unconfirmed(f"{type(error).__name__}: {error}") from error
        _check(reply, {250})
        return True

    def _drop(self):
        """Close the connection without ending the data, or saying goodbye."""
        connection = self.mailer.connection
        self.mailer.connection = None
        if connection is not None:
            connection.close()
