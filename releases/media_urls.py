"""Addresses of the media library's files, the same in every language."""

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from . import downloads
from .models import Document, Image
from .renditions import FORMATS


def words_converter(words):
    """Return a path converter matching one of ``words`` (file extensions)."""
    return type("WordsConverter", (StringConverter,), {"regex": "|".join(words)})


class ContentHashConverter(StringConverter):
    regex = "[0-9a-f]{32}"


register_converter(ContentHashConverter, "content_hash")
register_converter(words_converter(FORMATS), "rendition_extension")
register_converter(words_converter(Image.EXTENSIONS.values()), "photo_extension")
register_converter(words_converter(Document.Format.values), "document_extension")

app_name = "media"

urlpatterns = [
    path(
        "renditions/v<int:version>/<content_hash:content_hash>/"
        "<int:width>.<rendition_extension:extension>",
        downloads.rendition,
        name="rendition",
    ),
    path(
        "photos/<content_hash:content_hash>.<photo_extension:extension>",
        downloads.photo,
        name="photo",
    ),
    path(
        "documents/<content_hash:content_hash>.<document_extension:extension>",
        downloads.document,
        name="document",
    ),
]
