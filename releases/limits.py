"""How long a release's body may be: 100,000 characters.

The longest real release has a few thousand; the limit leaves room for a press
kit's worth of text, keeps a form well within the server's request limit
(DATA_UPLOAD_MAX_MEMORY_SIZE) whatever the characters, and bounds what the
history compares. The admin's text area stops at it as the editor types, the
form refuses more, and so does the importer.
"""

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 100_000


def body_length(text):
    """Return the length of a body as a browser counts it for the text area's
    limit: a line break is one character, though the form sends two (CR LF)."""
    return len(text) - text.count("\r\n")


def validate_body_length(text):
    length = body_length(text)
    if length > BODY_MAX_LENGTH:
        raise ValidationError(
            _(
                "The body is too long: %(length)s characters, for at most "
                "%(limit)s. Shorten it, or split it into two releases."
            ),
            code="body_too_long",
            params={
                "length": formats.number_format(length, force_grouping=True),
                "limit": formats.number_format(BODY_MAX_LENGTH, force_grouping=True),
            },
        )
