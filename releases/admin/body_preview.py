"""The body's Markdown preview in the release form.

``MarkdownEditor`` shows the body's textarea with its preview beside it, as the
public page will show it; static/js/release_editor.js refreshes the preview as
the editor types, from ``BodyPreviewMixin.preview_body()``, which renders the
text through the public page's sanitiser (releases.markup). No inline script:
the page's Content Security Policy would refuse it.
"""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..markup import render_markdown
from ..models import PressRelease


class BodyPreviewForm(forms.Form):
    """The text to preview, refused past the body's own limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = PressRelease._meta.get_field("body").formfield(
            required=False
        )


class MarkdownEditor(AdminTextareaWidget):
    """A Markdown textarea, with the preview of its text beside it."""

    def __init__(self, preview_url, attrs=None):
        super().__init__(
            {
                "data-preview-url": preview_url,
                "data-preview-failed": _(
                    "The preview could not be updated: check your connection."
                ),
                **(attrs or {}),
            }
        )

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        preview_id = f"{(attrs or {}).get('id', name)}_preview"
        return format_html(
            '<div class="markdown-editor">{textarea}'
            '<section class="markdown-preview" aria-labelledby="{id}_title">'
            '<h2 class="markdown-preview-title" id="{id}_title">{title}</h2>'
            '<p class="markdown-preview-status" id="{id}_status" role="status"></p>'
            '<div class="markdown-preview-body" id="{id}">{html}</div>'
            "</section></div>",
            textarea=textarea,
            id=preview_id,
            title=_("Preview, as the public page shows it"),
            html=mark_safe(render_markdown(self.format_value(value))),
        )


class BodyPreviewMixin:
    """Give a press release admin the body's preview: its widget and its view."""

    def get_urls(self):
        return [
            path(
                "preview-body/",
                self.admin_site.admin_view(self.preview_body),
                name="releases_pressrelease_preview_body",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            url = reverse(f"{self.admin_site.name}:releases_pressrelease_preview_body")
            kwargs["widget"] = MarkdownEditor(preview_url=url)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @method_decorator(require_POST)
    def preview_body(self, request):
        """Return the HTML of the posted ``body`` as the public page would show it
        (JSON: ``html``), or why it cannot be (status 400, JSON: ``error``)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BodyPreviewForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"error": " ".join(form.errors["body"])}, status=400)
        return JsonResponse({"html": render_markdown(form.cleaned_data["body"])})
