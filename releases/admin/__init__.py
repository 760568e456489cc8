"""The editors' admin, by concern: the releases (releases.py), the body's
Markdown preview (body_preview.py), what they point to (references.py), their
history (history.py), the import page (imports.py), the embargo preview links
and the publication log (previews.py), the library of photos and documents
(library.py, uploads.py), and the review of pending changes (review.py,
decisions.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (  # noqa: F401
    history,
    imports,
    library,
    previews,
    references,
    releases,
)

admin.site.site_header = _("CNES press office")
admin.site.site_title = _("CNES press office")
admin.site.index_title = _("Press releases and their people")
