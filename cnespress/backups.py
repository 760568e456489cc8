"""Back up the whole site as one consistent snapshot (restoring.py restores it).

A backup is a gzip-compressed tar archive holding:

- ``manifest.json``: what the archive is, when and from which kind of database it
  was taken, the migrations that database had, and how many rows of each model;
- ``data.jsonl``: every row of every model the backup holds (``backed_up_models``),
  one JSON object a line in Django's serialization format, which ``loaddata``
  reads. JSON escapes every character XML would lose (a CR, a form feed), and
  times keep their microseconds;
- ``media/<name>``: each file of the default storage that a FileField of those
  rows names (photos, documents).

The rows are read from one snapshot: a single REPEATABLE READ, READ ONLY
transaction on PostgreSQL, and on SQLite a copy made in one step by SQLite's
online backup API. A backup taken while editors work therefore never holds a
link without its release, whatever commits meanwhile.
"""

import datetime
import json
import sqlite3
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage, storages
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.db.utils import load_backend
from django.utils import timezone

FORMAT = "cnespress-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA = "media/"

# A backup holds every table that `migrate` creates for the installed apps, except
# these, each derived from the rest or transient:
EXCLUDED = {
    # Made again by `migrate`; rows pointing to them (a group's permissions, the
    # model of a version or of an admin log entry) are written with natural keys.
    "contenttypes.contenttype",
    "auth.permission",
    # Transient: restoring signs everyone out, as it should.
    "sessions.session",
    # Transient (django-axes): failed logins and lock-outs expire after the
    # cool-off and their logs are purged on a timer; a restore locks nobody out.
    "axes",
    # Derived: the version the page cache keys pages with. A restore makes a new
    # one, so no page cached before the restore is served after it.
    "releases.contentversion",
    # Derived: the counts kept as data (releases/counting.py), counted afresh by
    # the restore.
    "releases.storedcount",
    "releases.timedcount",
    "releases.countedrelease",
    "releases.nationspan",
}


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, in one line."""


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: list[str] = field(default_factory=list)

    def __str__(self):
        text = ", ".join(
            [
                plural(self.rows.get("releases.pressrelease", 0), "release"),
                plural(self.rows.get("auth.user", 0), "user"),
                plural(sum(self.rows.values()), "row")
                + f" in {plural(len(self.rows), 'table')}",
                plural(self.files, "file"),
            ]
        )
        if self.missing_files:
            text += f" ({len(self.missing_files)} missing)"
        return text


class ExactJSONEncoder(DjangoJSONEncoder):
    """Write times to the microsecond (DjangoJSONEncoder cuts to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """Django's JSON Lines serializer, made faster for whole tables: each row is
    encoded in one call (json.dumps uses the C encoder, json.dump encodes piece by
    piece in Python), and many-to-many links fetched for all rows at once
    (prefetch_related) are read from there (Django would build a query for each
    row before looking there). Together they cut the time of a backup to a third,
    and its memory stays within a chunk of rows."""

    def end_object(self, obj):
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs))
        self.stream.write("\n")
        self._current = None
        # A row and its prefetched links refer to each other: part them, so that
        # each chunk of rows is freed at once, not at the next full collection.
        obj.__dict__.pop("_prefetched_objects_cache", None)

    def handle_m2m_field(self, obj, field):
        related = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
        if related is None:
            return super().handle_m2m_field(obj, field)
        natural = self.use_natural_foreign_keys and self._model_supports_natural_key(
            field.remote_field.model
        )
        self._current[field.name] = [
            (natural and value.natural_key())
            or self._value_from_field(value, value._meta.pk)
            for value in related
        ]


def backed_up_models():
    """Return the models whose rows a backup holds, those others point to first.

    That is every model with a table of its own that `migrate` creates, of every
    installed app, except EXCLUDED. The rows of an automatic many-to-many table
    (a release's topics, a user's groups) go with the model that declares it.
    """
    by_app = {}
    for model in apps.get_models():
        meta = model._meta
        if not meta.managed or meta.proxy or meta.swapped:
            continue
        if meta.label_lower in EXCLUDED or meta.app_label in EXCLUDED:
            continue
        if not router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
            continue
        by_app.setdefault(meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, FileField)]


def _is_default_storage(storage):
    return storage is default_storage or storage is storages["default"]


@contextmanager
def snapshot(using, scratch):
    """Yield the alias of a connection that reads one unchanging state of the
    database ``using``; ``scratch`` is a folder for SQLite's copy."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:
            raise BackupError("Take a backup outside of any transaction.")
        with connection.cursor():
            pass  # Connect, and check the connection, before the transaction.
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
            yield using
    elif connection.vendor == "sqlite":
        copy = Path(scratch) / "snapshot.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            # One step (pages=-1) copies every page under one read lock.
            connection.connection.backup(target, pages=-1, sleep=0.05)
        finally:
            target.close()
        alias = f"{using}-backup-snapshot"
        connections[alias] = load_backend(
            connection.settings_dict["ENGINE"]
        ).DatabaseWrapper({**connection.settings_dict, "NAME": str(copy)}, alias)
        try:
            yield alias
        finally:
            connections[alias].close()
            del connections[alias]
    else:
        raise BackupError(
            f"Backups need PostgreSQL or SQLite, not {connection.vendor}."
        )


def _rows(model, using):
    """Return the rows of ``model``, fetched in chunks with what serializing them
    reads (natural keys of related rows, automatic many-to-many links)."""
    natural = [
        f.name
        for f in model._meta.concrete_fields
        if f.many_to_one and hasattr(f.related_model, "natural_key")
    ]
    links = [
        f.name
        for f in model._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created
    ]
    queryset = model._base_manager.using(using).order_by("pk")
    if natural:
        queryset = queryset.select_related(*natural)
    return queryset.prefetch_related(*links).iterator(2000)


def _dump(path, models, using):
    counts = {}
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for model in models:
            counts[model._meta.label_lower] = model._base_manager.using(using).count()
            RowSerializer().serialize(
                _rows(model, using),
                stream=stream,
                use_natural_foreign_keys=True,
                cls=ExactJSONEncoder,
            )
    return counts


def _file_names(models, using, warn):
    """Return the names of the files of the default storage the rows name."""
    names = set()
    for model in models:
        for file_field in _file_fields(model):
            if not _is_default_storage(file_field.storage):
                warn(
                    f"{model._meta.label}.{file_field.name} keeps its files in "
                    "another storage than the default: they are not in the backup."
                )
                continue
            names.update(
                model._base_manager.using(using)
                .exclude(**{f"{file_field.attname}__in": ["", None]})
                .values_list(file_field.attname, flat=True)
            )
    return sorted(names)


def _migrations(using):
    applied = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def write_backup(path, using=DEFAULT_DB_ALIAS, warn=print):
    """Write a backup of the database ``using`` to ``path`` (.tar.gz), atomically:
    a failure leaves no file behind. Return its Summary."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    summary = Summary()
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
            work = Path(work)
            with snapshot(using, work) as alias:
                models = backed_up_models()
                summary.rows = _dump(work / DATA, models, alias)
                names = _file_names(models, alias, warn)
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": timezone.now().isoformat(),
                    "database": connections[using].vendor,
                    "migrations": _migrations(alias),
                    "rows": summary.rows,
                }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=1))
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(work / MANIFEST, MANIFEST)
                archive.add(work / DATA, DATA)
                for name in names:
                    if _add_file(archive, name):
                        summary.files += 1
                    else:
                        summary.missing_files.append(name)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if summary.missing_files:
        warn(
            f"{plural(len(summary.missing_files), 'file')} named by the database "
            f"missing from the storage: {', '.join(summary.missing_files[:5])}"
        )
    return summary


def _add_file(archive, name):
    """Add the file ``name`` of the default storage; return False if it is gone."""
    try:
        size = default_storage.size(name)
        stream = default_storage.open(name, "rb")
    except FileNotFoundError:
        return False
    with stream:
        info = tarfile.TarInfo(MEDIA + name)
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        archive.addfile(info, stream)
    return True
