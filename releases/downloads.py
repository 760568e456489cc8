"""Serve the media library's files (renditions, HD photos and documents), and
each release's PDF and press kit.

The app serves them itself, from Django's default storage, whatever it is
(whitenoise serves only the static files present when it starts). Every file
goes out with its true type (the format found when it was checked, never a guess
from its name) and ``X-Content-Type-Options: nosniff``; HD photos and documents
as attachments. Their addresses are made from their content, so each answer is
kept for a year (``immutable``) and a repeated request gets a 304.

These addresses are not secret, but cannot be guessed (128 bits of a hash): a
photo of a release under embargo is seen only by whoever was given its page.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from . import press_kit, renditions
from .models import Document, Image
from .pdf import release_pdf
from .views import ReleaseDetailView

IMMUTABLE = "public, max-age=31536000, immutable"


def file_response(request, name, content_type, etag, filename=None):
    """Return the stored file ``name``, or a 304 when the client has it."""
    etag = f'"{etag}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["Cache-Control"] = IMMUTABLE
        return not_modified
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=filename is not None,
        filename=filename or "",
    )
    response["Cache-Control"] = IMMUTABLE
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def rendition(request, version, content_hash, width, extension):
    """Serve a rendition, made and stored on its first request."""
    if version != renditions.VERSION:
        return redirect(
            "media:rendition",
            version=renditions.VERSION,
            content_hash=content_hash,
            width=width,
            extension=extension,
            permanent=True,
        )
    name = renditions.storage_name(content_hash, width, extension)
    if not default_storage.exists(name):
        image = Image.objects.filter(content_hash=content_hash).first()
        if image is None or width not in renditions.widths(image):
            raise Http404
        try:
            renditions.ensure(image, width, extension)
        except FileNotFoundError:  # the photo's own file is missing
            raise Http404 from None
    etag = f"{content_hash}-{width}-{renditions.VERSION}-{extension}"
    return file_response(request, name, renditions.content_type(extension), etag)


@require_safe
def photo(request, content_hash, extension):
    """Serve a photo as uploaded (its metadata stripped), to download."""
    image = Image.objects.filter(content_hash=content_hash).first()
    if image is None or Image.EXTENSIONS[image.file_format] != extension:
        raise Http404
    return file_response(
        request,
        image.file.name,
        image.content_type,
        content_hash,
        filename=photo_filename(image),
    )


@require_safe
def document(request, content_hash, extension):
    """Serve a document, to download."""
    found = Document.objects.filter(content_hash=content_hash).first()
    if found is None or found.file_format != extension:
        raise Http404
    return file_response(
        request,
        found.file.name,
        found.content_type,
        content_hash,
        filename=document_filename(found),
    )


def photo_filename(image):
    """Name a downloaded photo after what it shows: cnes-ariane-6-lift-off.jpg."""
    words = slugify(image.caption or image.alt_text)[:60].rstrip("-")
    stem = f"cnes-{words}" if words else f"cnes-photo-{image.content_hash[:8]}"
    return f"{stem}.{Image.EXTENSIONS[image.file_format]}"


def document_filename(document):
    stem = slugify(document.title)[:80].rstrip("-") or "document"
    return f"{stem}.{document.file_format}"


class ReleasePdfView(ReleaseDetailView):
    """A release as PDF, in its language, for whoever may see its page."""

    def get(self, request, *args, **kwargs):
        release = self.get_object()
        pdf = release_pdf(release, release_page_url(request, release))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{release.slug}.pdf"'
        return self.mark_private(release, response)

    def mark_private(self, release, response):
        response["X-Robots-Tag"] = "noindex"
        if not release.is_published():
            add_never_cache_headers(response)
        return response


class PressKitView(ReleasePdfView):
    """A release's press kit (ZIP), streamed, for whoever may see its page."""

    def get(self, request, *args, **kwargs):
        release = self.get_object()
        page_url = release_page_url(request, release)
        files = press_kit.entries(release, release_pdf(release, page_url), page_url)
        response = StreamingHttpResponse(
            press_kit.stream(files, release.updated_at),
            content_type="application/zip",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{release.slug}-press-kit.zip"'
        )
        return self.mark_private(release, response)


def release_page_url(request, release):
    """Return the absolute address of the release's page in its own language."""
    with translation.override(release.language):
        return request.build_absolute_uri(release.get_absolute_url())
