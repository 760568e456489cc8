"""Restore a backup written by cnespress.backups into a new database: check the
archive and the database first, then load everything in one transaction."""

import json
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader

from .backups import (
    DATA,
    FORMAT,
    MANIFEST,
    MEDIA,
    VERSION,
    BackupError,
    Summary,
    backed_up_models,
    plural,
)

# Tables that `migrate` fills (data migrations): a new database holds these rows,
# and a restore replaces them with the backup's.
FILLED_BY_MIGRATIONS = {"auth.group", "releases.partnernation"}


def read_manifest(archive, path):
    try:
        member = archive.next()
        if member is None or member.name != MANIFEST:
            raise BackupError(f"{path}: not a cnespress backup (no {MANIFEST}).")
        manifest = json.load(archive.extractfile(member))
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        raise BackupError(f"{path}: not a readable backup: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a cnespress backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path}: backup format {manifest.get('version')}, this version of "
            f"cnespress reads format {VERSION}."
        )
    if not all(isinstance(manifest.get(key), dict) for key in ("migrations", "rows")):
        raise BackupError(f"{path}: its manifest is incomplete.")
    return manifest


def check_schema(using, manifest):
    """Refuse a database that lacks migrations, or a backup taken with migrations
    this code does not have."""
    loader = MigrationLoader(connections[using])
    missing = set(loader.graph.nodes) - set(loader.applied_migrations)
    if missing:
        raise BackupError(
            f"The database is not migrated ({plural(len(missing), 'migration')} to "
            "apply): run `manage.py migrate` on it first."
        )
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in loader.graph.nodes
    ]
    if unknown:
        raise BackupError(
            f"The backup was taken with migrations this code does not have "
            f"({', '.join(unknown[:3])}): restore it with the cnespress that wrote it."
        )


def check_empty(using):
    """Refuse a database holding rows other than those `migrate` creates."""
    filled = []
    for model in backed_up_models():
        if model._meta.label_lower in FILLED_BY_MIGRATIONS:
            continue
        count = model._base_manager.using(using).count()
        if count:
            filled.append(f"{model._meta.label} has {plural(count, 'row')}")
    if filled:
        raise BackupError(
            f"The database is not empty ({', '.join(filled[:3])}): restore only into "
            "a new database, migrated and empty."
        )


def restore_backup(path):
    """Load the backup at ``path`` into the default database, which must be
    migrated and empty, and its files into the default storage: all of it, or
    nothing. Return its Summary."""
    using = DEFAULT_DB_ALIAS
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with tempfile.TemporaryDirectory(prefix="cnespress-restore-") as work:
        data = Path(work) / DATA
        try:
            with tarfile.open(path, "r:gz") as archive:
                manifest = read_manifest(archive, path)
                check_schema(using, manifest)
                check_empty(using)
                member = archive.next()
                if member is None or member.name != DATA:
                    raise BackupError(f"{path}: not a cnespress backup (no {DATA}).")
                with archive.extractfile(member) as source, data.open("wb") as copy:
                    shutil.copyfileobj(source, copy)
            saved = []
            try:
                with transaction.atomic(using=using):
                    for label in sorted(FILLED_BY_MIGRATIONS):
                        apps.get_model(label)._base_manager.using(using).delete()
                    # Our loaddata counts afresh and renews the versions.
                    call_command("loaddata", str(data), database=using, verbosity=0)
                    summary = Summary(rows=_count_rows(using, manifest))
                    summary.files = _restore_files(path, saved)
            except BaseException:
                for name in saved:
                    default_storage.delete(name)
                raise
        except (
            DeserializationError,
            DatabaseError,
            LookupError,
            SuspiciousFileOperation,
            tarfile.TarError,
            OSError,
            EOFError,
            zlib.error,
            ValueError,
        ) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise BackupError(f"{path}: cannot restore it: {message}") from None
    return summary


def _count_rows(using, manifest):
    """Return the rows restored of each model, after checking them against the
    manifest."""
    rows = {}
    for label, expected in manifest["rows"].items():
        rows[label] = apps.get_model(label)._base_manager.using(using).count()
        if rows[label] != expected:
            raise BackupError(
                f"{label}: {rows[label]} rows restored, the backup holds {expected}."
            )
    return rows


def _restore_files(path, saved):
    """Write the backup's files into the default storage under their own names."""
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not (member.name.startswith(MEDIA) and member.isfile()):
                continue
            name = validate_file_name(
                member.name.removeprefix(MEDIA), allow_relative_path=True
            )
            if default_storage.exists(name):
                default_storage.delete(name)
            content = File(archive.extractfile(member), name=name)
            content.size = member.size
            stored = default_storage.save(name, content)
            saved.append(stored)
            if stored != name:
                raise BackupError(f"{name}: the storage saved it as {stored}.")
    return len(saved)
