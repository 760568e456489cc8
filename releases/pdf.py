"""Each release as a PDF, in its own language, made from a print template.

WeasyPrint draws the template ``releases/pressrelease_print.html`` (the page's
content and partials, with the lead photo, the quotes and the press contacts)
with ``static/css/pdf.css``. It fetches nothing: the lead photo goes in the page as
a data: address, and every other address is refused, so a release cannot make
the server fetch anything.

A public release's PDF is made once per version of the public content
(``releases.versioning.memoize``), so a change to the release, its photos or its
contacts makes a new one; a preview (not public) is made each time.
"""

import base64

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from . import renditions
from .versioning import memoize

STYLESHEET = "css/pdf.css"


def release_pdf(release, page_url):
    """Return the bytes of the release's PDF; ``page_url`` is its public address,
    printed in the footer."""
    if not release.is_published():
        return render_pdf(release, page_url)
    return memoize(
        "release-pdf",
        [str(release.pk), page_url],
        lambda: render_pdf(release, page_url),
    )


def render_pdf(release, page_url):
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    with translation.override(release.language):
        html = render_to_string(
            "releases/pressrelease_print.html",
            {
                "pressrelease": release,
                "page_url": page_url,
                "lead_photo": release.lead_image,
                "lead_photo_data": _photo_data(release.lead_image),
                "LANGUAGE_CODE": release.language,
            },
        )
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)]
    )


def _photo_data(photo):
    """Return the photo's JPEG rendition as a data: address, or ""."""
    if photo is None:
        return ""
    try:
        name = renditions.ensure(photo, renditions.default_width(photo), "jpg")
        with default_storage.open(name, "rb") as file:
            encoded = base64.b64encode(file.read()).decode("ascii")
    except FileNotFoundError:  # the photo's file is missing: a PDF without it
        return ""
    return f"data:image/jpeg;base64,{encoded}"
