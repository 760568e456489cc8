import gzip
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from releases.models import Contact, PressRelease, Quote, ReleaseNation, Speaker, Topic
from tests.factories import (
    add_contact,
    add_quote,
    make_contact,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = [PressRelease, Quote, Speaker, Contact, Topic, ReleaseNation, User]


def columns(model):
    """Name each column by value: a user by username, since users keep their
    usernames (natural keys) but not necessarily their ids across a restore."""
    for field in model._meta.concrete_fields:
        if model is User and field.primary_key:
            continue
        if field.is_relation and field.related_model is User:
            yield f"{field.name}__username"
        else:
            yield field.attname


def content():
    """Return everything worth keeping, as plain values, for comparison."""
    return {
        model.__name__: sorted(
            tuple(str(value) for value in row)
            for row in model.objects.values_list(*columns(model))
        )
        for model in MODELS
    }


def empty_database():
    call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", "releases", "zero", verbosity=0)
    call_command("migrate", verbosity=0)


def test_backup_then_restore_into_an_empty_database_loses_nothing(tmp_path):
    editor = make_user("editor", groups=["Editors"])
    release = make_release(
        "Seminar", nations=[("AE", "new_entrant")], topics=[make_topic()]
    )
    release.created_by = editor
    release.save()
    add_quote(release, make_speaker(), "*Together*, we go further.")
    add_contact(release, make_contact(email="press@cnes.fr"))
    before = content()
    path = tmp_path / "dump.xml.gz"
    call_command("backup", "-o", str(path), stdout=io.StringIO())
    assert gzip.open(path).read().startswith(b'<?xml version="1.0"')

    empty_database()
    assert PressRelease.objects.count() == 0
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert out.getvalue().strip().endswith(": 1 releases, 1 users.")
    assert content() == before
    restored = User.objects.get(username="editor")
    assert list(restored.groups.all()) == [Group.objects.get(name="Editors")]
    assert restored.has_perm("releases.change_pressrelease")
    assert PressRelease.objects.get().body_html == release.body_html


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    path = tmp_path / "dump.xml.gz"
    call_command("backup", "-o", str(path), stdout=io.StringIO())
    make_release()
    with pytest.raises(CommandError, match="restore only into an empty database"):
        call_command("restore", str(path))


def test_restore_reports_a_damaged_file(tmp_path):
    path = tmp_path / "dump.xml.gz"
    truncated = b'<?xml version="1.0"?><django-objects><object model="rel'
    path.write_bytes(gzip.compress(truncated))
    with pytest.raises(CommandError, match="cannot load the dump"):
        call_command("restore", str(path))
    assert PressRelease.objects.count() == 0
