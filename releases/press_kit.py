"""A release's press kit: one ZIP holding its PDF, its photos in high definition
(stored without their metadata), its documents and a list of the photos' credits.

The archive is written while it is sent, file after file, in blocks: memory stays
small whatever the size of the photos, and the first bytes leave at once. Photos
and documents are compressed already, so they are stored as they are.
"""

import io
import zipfile

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

BLOCK_SIZE = 256 * 1024


def entries(release, pdf, page_url):
    """Return the kit's files as (name in the archive, bytes, or the Image or
    Document whose file it is)."""
    from .downloads import document_filename, photo_filename

    folder = release.slug
    files = [(f"{folder}/{release.slug}.pdf", pdf)]
    photos = [
        (f"{number:02d}-{photo_filename(photo)}", photo)
        for number, photo in enumerate(_stored(release.photos()), 1)
    ]
    files += [(f"{folder}/photos/{name}", photo) for name, photo in photos]
    documents = _stored(link.document for link in release.releasedocument_set.all())
    for number, document in enumerate(documents, 1):
        name = f"{number:02d}-{document_filename(document)}"
        files.append((f"{folder}/documents/{name}", document))
    if photos:
        with translation.override(release.language):
            credits = render_to_string(
                "releases/press_kit_credits.txt",
                {"pressrelease": release, "photos": photos, "page_url": page_url},
            )
        files.append((f"{folder}/credits.txt", (credits.rstrip() + "\n").encode()))
    return files


def _stored(objects):
    """Return the photos or documents whose file is in the storage (a restored
    database may name files that were not restored)."""
    return [obj for obj in objects if default_storage.exists(obj.file.name)]


class _Chunks(io.RawIOBase):
    """A stream that keeps what is written until it is taken (``drain()``)."""

    def __init__(self):
        self._chunks = []

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self):
        chunks, self._chunks = self._chunks, []
        return chunks


def stream(files, modified_at):
    """Yield the bytes of a ZIP archive of ``files``, as they are written."""
    sink = _Chunks()
    date_time = timezone.localtime(modified_at).timetuple()[:6]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=date_time)
            with archive.open(info, "w") as entry:
                for block in _blocks(content):
                    entry.write(block)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()


def _blocks(content):
    if isinstance(content, bytes):
        yield content
        return
    with default_storage.open(content.file.name, "rb") as file:
        while block := file.read(BLOCK_SIZE):
            yield block
