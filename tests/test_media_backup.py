"""A backup carries the media library's files, and a restore brings them back."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from releases.models import Image
from tests import media_files
from tests.factories import make_image, make_release
from tests.test_backup import new_database

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_keeps_a_photo_and_its_file(tmp_path, settings):
    photo = make_image(media_files.jpeg_with_gps(), caption="Lift-off")
    make_release("Ariane 6 flies").images.add(photo)
    with photo.file.open("rb") as file:
        stored = file.read()
    backup = tmp_path / "backup"
    backup.mkdir()
    call_command("backup", "-o", str(backup / "backup.tar.gz"), stdout=io.StringIO())

    new_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    Path(settings.MEDIA_ROOT).mkdir()
    restored_from = next(backup.iterdir())
    call_command("restore", str(restored_from), stdout=io.StringIO())

    restored = Image.objects.get()
    assert (restored.caption, restored.file.name) == ("Lift-off", photo.file.name)
    assert [r.title for r in restored.releases.all()] == ["Ariane 6 flies"]
    with restored.file.open("rb") as file:
        assert file.read() == stored
