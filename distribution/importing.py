"""Read a CSV file of subscribers (plain parsing, no database writes) and add
them to a list."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Subscriber

MAX_ROWS = 50_000
COLUMNS = ("email", "name", "outlet", "language")


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    name: str
    outlet: str
    language: str


class CSVError(Exception):
    """The file as a whole cannot be read; ``errors`` otherwise lists the lines."""


def read_rows(data):
    """Return (rows, errors): the valid rows, once per address, and an error
    message per invalid line ("Line 4: ...")."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CSVError(
            _("The file is not UTF-8 text: save it as CSV UTF-8.")
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "email" not in header:
        raise CSVError(_("The first line must name the columns, email among them."))
    reader.fieldnames = header
    rows, errors, seen = [], [], set()
    for record in reader:
        line = reader.line_num
        if len(rows) + len(errors) >= MAX_ROWS:
            raise CSVError(
                _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}
            )
        if None in record:
            errors.append(
                _("Line %(line)d: more fields than columns.") % {"line": line}
            )
            continue
        values = {column: (record.get(column) or "").strip() for column in COLUMNS}
        if not any(values.values()):
            continue
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(
                _("Line %(line)d: “%(email)s” is not an e-mail address.")
                % {"line": line, "email": values["email"]}
            )
            continue
        language = values["language"].lower() or "en"
        if language not in ("en", "fr"):
            errors.append(
                _("Line %(line)d: the language must be en or fr, not “%(value)s”.")
                % {"line": line, "value": values["language"]}
            )
            continue
        if len(values["name"]) > 150 or len(values["outlet"]) > 150:
            errors.append(
                _("Line %(line)d: a name or an outlet is longer than 150 characters.")
                % {"line": line}
            )
            continue
        key = values["email"].lower()
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            Row(line, values["email"], values["name"], values["outlet"], language)
        )
    return rows, errors


@transaction.atomic
def add_to_list(subscriber_list, rows, *, user, file_name, consent_text):
    """Add the rows' subscribers to the list, creating the new ones as confirmed
    with the given consent; return (created, already known)."""
    now = timezone.now()
    addresses = [row.email.lower() for row in rows]
    known = {}
    for start in range(0, len(addresses), 500):
        for subscriber in Subscriber.objects.annotate(address=Lower("email")).filter(
            address__in=addresses[start : start + 500]
        ):
            known[subscriber.address] = subscriber
    new = [
        Subscriber(
            email=row.email,
            name=row.name,
            outlet=row.outlet,
            language=row.language,
            status=Subscriber.Status.CONFIRMED,
            source=Subscriber.Source.IMPORT,
            added_by=user,
            source_detail=_("%(file)s, line %(line)d")
            % {"file": file_name, "line": row.line},
            consent_at=now,
            consent_text=consent_text,
        )
        for row in rows
        if row.email.lower() not in known
    ]
    created = Subscriber.objects.bulk_create(new, batch_size=500)
    members = [*known.values(), *created]
    subscriber_list.members.add(*members)
    return len(created), len(known)
