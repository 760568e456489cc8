"""`backup` and `restore`: one consistent snapshot of every table, and the files
the rows name, restored exactly."""

import datetime
import io
import json
import shutil
import tarfile
import threading
import time

import pytest
import reversion
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.urls import reverse

from distribution import sending
from distribution.models import Delivery
from releases.models import (
    PartnerNation,
    PendingChange,
    PressRelease,
    PreviewLink,
    PublicationEvent,
)
from tests.conftest import add_migrated_data
from tests.factories import (
    add_contact,
    add_quote,
    feature_speaker,
    make_contact,
    make_document,
    make_image,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)
from tests.subscribers import make_list, make_subscriber

pytestmark = pytest.mark.django_db(transaction=True)

# What a backup leaves out, and nothing else (cnespress/backups.py says why).
NOT_BACKED_UP = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
    "releases.contentversion",
    "releases.storedcount",
    "releases.timedcount",
    "releases.countedrelease",
    "releases.nationspan",
}
# Rows made again by `migrate`, under other ids: compared by their natural keys.
NATURAL_KEYS = {
    ContentType: ["app_label", "model"],
    Permission: ["codename", "content_type__app_label", "content_type__model"],
}
BODY = "First line\r\nSecond line\r\n\x0cPage two\u2028 & <b>not bold</b>\r\n"
PUBLISHED_AT = datetime.datetime(2026, 3, 5, 9, 30, 1, 123456, tzinfo=datetime.UTC)


def tables():
    """Return every model with a table of its own in the database, automatic
    many-to-many tables included, but for NOT_BACKED_UP."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and router.allow_migrate_model("default", model)
        and model._meta.label_lower not in NOT_BACKED_UP
    ]


def columns(model):
    """Name every column of the model's table by value; an automatic many-to-many
    table without its own id, which a restore makes anew."""
    for field in model._meta.concrete_fields:
        if model._meta.auto_created and field.primary_key:
            continue
        if field.is_relation and field.related_model in NATURAL_KEYS:
            for key in NATURAL_KEYS[field.related_model]:
                yield f"{field.name}__{key}"
        else:
            yield field.attname


def content():
    """Return every row of every table a backup must hold, as plain values."""
    return {
        model._meta.label_lower: sorted(
            model._base_manager.values_list(*columns(model)), key=repr
        )
        for model in tables()
    }


def new_database():
    """Make the test database what `migrate` makes of a new database."""
    call_command("flush", "--no-input", verbosity=0)
    add_migrated_data()


def backup(path):
    out = io.StringIO()
    call_command("backup", "-o", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def restore(path):
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def manifest(path):
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("manifest.json"))


def fill_every_table():
    """Give every table a row, with texts and times a backup must keep exactly."""
    editor = make_user("editor", groups=["Editors"])
    editor.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    release = make_release(
        "Seminar",
        nations=[("AE", "new_entrant"), "JP"],
        topics=[make_topic()],
        body=BODY,
        published_at=PUBLISHED_AT,
        created_by=editor,
    )
    speaker = make_speaker()
    add_quote(release, speaker, "*Together*,\r\nwe go further.")
    feature_speaker(release, speaker, role="CNES President")
    add_contact(release, make_contact(email="press@cnes.fr"))
    release.images.add(make_image(caption="Lift-off"))
    release.documents.add(make_document())
    draft = make_release("Embargoed", status=PressRelease.Status.DRAFT)
    PublicationEvent.objects.create(
        release=release,
        action=PublicationEvent.Action.PUBLISHED,
        published_at=PUBLISHED_AT,
        created_by=editor,
    )
    PreviewLink.objects.create(
        release=draft,
        token_hash="a" * 64,
        expires_at=PUBLISHED_AT + datetime.timedelta(days=7),
        created_at=PUBLISHED_AT,
        created_by=editor,
    )
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Changed the title.")
        release.title = "Seminar on partnerships"
        release.save()
    PendingChange.objects.create(
        release=release,
        author=editor,
        data={"title": ["Seminar on partnerships\r\nand cooperation"]},
        based_on=PUBLISHED_AT,
    )
    subscriber = make_subscriber(
        nations=["JP"], topics=[make_topic("Exploration")], lists=[make_list()]
    )
    Delivery.objects.create(
        release=release,
        subscriber=subscriber,
        version=release,
        state=Delivery.State.SENT,
        sent_at=PUBLISHED_AT,
        created_by=editor,
    )
    # A mail planned for a release's time is a task waiting in the queue.
    sending.enqueue(draft.pk, run_after=PUBLISHED_AT + datetime.timedelta(days=7))
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(PressRelease),
        object_id=str(release.pk),
        object_repr=str(release),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Title"]}}]',
    )
    return release


def test_a_backup_restores_every_table_exactly(tmp_path, settings):
    release = fill_every_table()
    before = content()
    assert [label for label, rows in before.items() if not rows] == []
    path = tmp_path / "backup.tar.gz"
    assert backup(path).startswith(f"Backup written to {path}: 2 releases, 1 user, ")
    rows = manifest(path)["rows"]
    assert set(rows) == {
        model._meta.label_lower for model in tables() if not model._meta.auto_created
    }

    new_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert restore(path) == (
        f"Restored {path}: 2 releases, 1 user, {sum(rows.values())} rows in "
        f"{len(rows)} tables, 2 files.\n"
    )
    assert content() == before
    restored = PressRelease.objects.get(pk=release.pk)
    assert (restored.body, restored.published_at) == (BODY, PUBLISHED_AT)
    editor = User.objects.get(username="editor")
    assert editor.check_password("pw")
    assert editor.has_perm("releases.change_pressrelease")
    assert editor.has_perm("admin.view_logentry")
    # New rows get new ids: the sequences continue after the restored ones.
    assert make_release().pk > release.pk
    assert make_user("another").pk > editor.pk
    assert Group.objects.create(name="Reviewers").pk > max(
        Group.objects.exclude(name="Reviewers").values_list("pk", flat=True)
    )


def until(release):
    """Return the content as it was when ``release`` was the last release created:
    ``content()`` without the rows of, or linked to, the releases made after it."""

    def is_later(model, row):
        names = list(columns(model))
        return any(
            row[names.index(field.attname)] is not None
            and row[names.index(field.attname)] > release
            for field in model._meta.concrete_fields
            if field.related_model is PressRelease
            or (model is PressRelease and field.primary_key)
        )

    return {
        model._meta.label_lower: [
            row
            for row in content()[model._meta.label_lower]
            if not is_later(model, row)
        ]
        for model in tables()
    }


def test_a_backup_taken_while_releases_are_created_restores_its_snapshot(tmp_path):
    """Another thread creates releases with their links, one transaction each: the
    backup restores the content as it was after one of those transactions."""
    topic, speaker, contact = make_topic(), make_speaker(), make_contact()
    created, stop, errors = [], threading.Event(), []

    def create_releases():
        try:
            while not stop.wait(0.002):
                with transaction.atomic():
                    release = make_release(nations=["FR", "JP"], topics=[topic])
                    add_quote(release, speaker)
                    feature_speaker(release, speaker)
                    add_contact(release, contact)
                    PublicationEvent.objects.create(
                        release=release, action=PublicationEvent.Action.PUBLISHED
                    )
                created.append(release.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=create_releases)
    writer.start()
    try:
        while len(created) < 3 and writer.is_alive():
            time.sleep(0.01)
        created_before = len(created)
        path = tmp_path / "backup.tar.gz"
        backup(path)
        created_after = len(created)
    finally:
        stop.set()
        writer.join()
    assert errors == []
    assert created_before < created_after
    releases = manifest(path)["rows"]["releases.pressrelease"]
    assert created_before <= releases <= created_after
    snapshot = until(created[releases - 1])

    new_database()
    restore(path)
    assert content() == snapshot


def test_a_restore_renews_the_cached_pages(client, tmp_path):
    make_release("In the backup")
    path = tmp_path / "backup.tar.gz"
    backup(path)
    new_database()
    url = reverse("releases:list")
    assert "In the backup" not in client.get(url).text
    restore(path)
    assert "In the backup" in client.get(url).text


def test_restore_refuses_a_database_that_is_not_migrated(tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    recorder = MigrationRecorder(connection)
    latest = max(MigrationLoader(connection).graph.leaf_nodes())
    recorder.record_unapplied(*latest)
    try:
        with pytest.raises(CommandError) as error:
            restore(path)
    finally:
        recorder.record_applied(*latest)
    assert str(error.value) == (
        "The database is not migrated (1 migration to apply): run `manage.py "
        "migrate` on it first."
    )


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    make_release()
    with pytest.raises(CommandError) as error:
        restore(path)
    assert str(error.value) == (
        "The database is not empty (releases.PressRelease has 1 row): restore only "
        "into a new database, migrated and empty."
    )


def test_restore_refuses_a_backup_from_a_later_version(tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    rewrite(
        path,
        "manifest.json",
        lambda data: data.replace(b'"0001_initial"', b'"0099_future"', 1),
    )
    new_database()
    with pytest.raises(CommandError, match=r"migrations this code does not have"):
        restore(path)


def rewrite(path, name, change):
    """Rewrite the member ``name`` of the archive at ``path`` with ``change``."""
    with tarfile.open(path) as archive:
        members = [(m, archive.extractfile(m).read()) for m in archive.getmembers()]
    with tarfile.open(path, "w:gz") as archive:
        for member, data in members:
            if member.name == name:
                data = change(data)
                member.size = len(data)
            archive.addfile(member, io.BytesIO(data))


def test_restore_of_an_inconsistent_backup_changes_nothing(tmp_path):
    make_release(nations=["JP"])
    path = tmp_path / "backup.tar.gz"
    backup(path)
    rewrite(
        path,
        "data.jsonl",
        lambda data: b"".join(
            line
            for line in data.splitlines(keepends=True)
            if b'"model": "releases.pressrelease"' not in line
        ),
    )
    new_database()
    PartnerNation.objects.filter(code="JP").update(name_en="Nippon")
    with pytest.raises(CommandError) as error:
        restore(path)
    assert str(error.value).startswith(f"{path}: cannot restore it: ")
    assert "\n" not in str(error.value)
    assert PressRelease.objects.count() == 0
    assert PartnerNation.objects.get(code="JP").name_en == "Nippon"
    assert Group.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a backup", "cannot restore it: not a gzip file"),
        (b"\x1f\x8b\x08\x00", "cannot restore it: Compressed file ended"),
    ],
)
def test_restore_reports_a_damaged_file(tmp_path, data, message):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=f"^{path}: {message}"):
        restore(path)
    assert PressRelease.objects.count() == 0


@pytest.fixture
def attachment(settings, tmp_path):
    """Install a test app whose model has a FileField, files in a new MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.backup_media"]
    ):
        from tests.backup_media.models import Attachment

        with connection.schema_editor() as editor:
            editor.create_model(Attachment)
        try:
            yield Attachment
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Attachment)


def test_a_backup_carries_the_files_its_rows_name(tmp_path, settings, attachment):
    photo = attachment.objects.create(
        file=ContentFile(b"\x89PNG\r\n\x1a\n pixels", name="photo.png")
    )
    gone = attachment.objects.create(file=ContentFile(b"gone", name="gone.txt"))
    gone.file.storage.delete(gone.file.name)
    before = content()
    path = tmp_path / "backup.tar.gz"
    err = io.StringIO()
    call_command("backup", "-o", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == (
        "1 file named by the database missing from the storage: attachments/gone.txt\n"
    )
    with tarfile.open(path) as archive:
        assert archive.getnames() == [
            "manifest.json",
            "data.jsonl",
            "media/attachments/photo.png",
        ]

    new_database()
    settings.MEDIA_ROOT = tmp_path / "new-server-media"
    assert restore(path).endswith(", 1 file.\n")
    assert content() == before
    restored = attachment.objects.get(pk=photo.pk)
    assert restored.file.name == "attachments/photo.png"
    with restored.file.open("rb") as stream:
        assert stream.read() == b"\x89PNG\r\n\x1a\n pixels"


def test_restore_refuses_an_incomplete_manifest(tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    rewrite(path, "manifest.json", lambda data: data.replace(b'"rows"', b'"lines"'))
    with pytest.raises(CommandError) as error:
        restore(path)
    assert str(error.value) == f"{path}: its manifest is incomplete."
