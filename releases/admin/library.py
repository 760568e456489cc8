"""The media library in the admin: photos (uploaded several at a time, described
in one table: uploads.py; searched with thumbnails), documents, and the
inlines that give a release its own, in order.

A photo or document that a release uses cannot be deleted: the editor is told
which releases use it. Deleting one removes its files (and a photo's renditions)
once the deletion is committed, for good: the library keeps no versions (a
recovered version would point to a file that is gone), only releases do.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import media, renditions
from ..models import Document, Image, ReleaseDocument, ReleaseImage
from .review import ReleasePartInline
from .uploads import describe_view, upload_view

THUMBNAIL_WIDTH = 240


class UploadedFileForm(forms.ModelForm):
    """Check a new file by its content (the model does), not by Django's image
    field, whose own message would come first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"] = forms.FileField(
                label=self.fields["file"].label,
                help_text=self.fields["file"].help_text,
                widget=forms.FileInput(attrs={"accept": self.accept}),
            )


WIDE = forms.TextInput(attrs={"class": "vLargeTextField"})


class ImageForm(UploadedFileForm):
    accept = "image/jpeg,image/png"

    class Meta:
        model = Image
        widgets = {"alt_text": WIDE, "alt_text_fr": WIDE, "credit": WIDE}
        fields = [
            "file",
            "alt_text",
            "alt_text_fr",
            "caption",
            "caption_fr",
            "credit",
            "usage_terms",
        ]


class DocumentForm(UploadedFileForm):
    accept = ",".join(f".{extension}" for extension in Document.Format.values)

    class Meta:
        model = Document
        fields = ["file", "title", "language"]


def thumbnail(image, width=THUMBNAIL_WIDTH // 2):
    """Return an <img> of the photo's smallest rendition, ``width`` pixels wide."""
    if image is None or not image.content_hash:
        return "—"
    small = renditions.widths(image)[0]
    return format_html(
        '<img class="media-thumbnail" src="{}" width="{}" height="{}" alt="" '
        'loading="lazy">',
        renditions.url(image, small, "webp"),
        width,
        renditions.height_at(image, width),
    )


def release_links(releases):
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        (
            (reverse("admin:releases_pressrelease_change", args=[r.pk]), r.title)
            for r in releases
        ),
    )


class UsedFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", _("Used by a release")), ("no", _("Not used"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(use_count__gt=0)
        if self.value() == "no":
            return queryset.filter(use_count=0)
        return queryset


class MissingTextFilter(admin.SimpleListFilter):
    title = _("description")
    parameter_name = "described"

    def lookups(self, request, model_admin):
        return [
            ("no", _("Without alternative text")),
            ("no_fr", _("Without French texts")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(alt_text="")
        if self.value() == "no_fr":
            return queryset.filter(
                Q(alt_text_fr="") | (Q(caption_fr="") & ~Q(caption=""))
            )
        return queryset


class LibraryAdmin(admin.ModelAdmin):
    """What the photo and document admins share: who uploaded, what uses it."""

    list_filter = [UsedFilter]
    date_hierarchy = "uploaded_at"
    # Explicit: a query that counts uses is grouped, and Meta.ordering does not
    # apply to grouped queries.
    ordering = ["-uploaded_at", "-pk"]

    class Media:
        css = {"all": ["css/admin_media.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(use_count=Count("releases"))
            .select_related("uploaded_by")
        )

    def get_readonly_fields(self, request, obj=None):
        """Keep a stored file: a new file is a new photo or document."""
        fields = ["used_by", "file_facts", "uploaded_at", "uploaded_by"]
        return fields + ["file"] if obj is not None else fields

    @admin.display(description=_("used by"), ordering="use_count")
    def use_count(self, obj):
        return obj.use_count or "—"

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        if obj.pk is None:
            return "—"
        return release_links(obj.releases.order_by("-published_at")) or _("Not used")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def delete_view(self, request, object_id, extra_context=None):
        """Refuse to delete what a release uses, naming the releases."""
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            using = list(obj.releases.order_by("-published_at"))
            if using:
                self.message_user(
                    request,
                    format_html(
                        "{} {}",
                        _(
                            "“%(name)s” cannot be deleted while releases use it; "
                            "remove it from them first:"
                        )
                        % {"name": obj},
                        release_links(using),
                    ),
                    messages.ERROR,
                )
                opts = self.opts
                return redirect(
                    f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk
                )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(lambda: media.remove_files([obj]))

    def delete_queryset(self, request, queryset):
        deleted = list(queryset)
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: media.remove_files(deleted))


@admin.register(Image)
class ImageAdmin(LibraryAdmin):
    form = ImageForm
    change_list_template = "admin/releases/image/change_list.html"
    list_display = ["thumbnail", "description", "credit", "dimensions", "use_count"]
    list_display_links = ["thumbnail", "description"]
    list_filter = [UsedFilter, MissingTextFilter, "usage_terms"]
    search_fields = ["alt_text", "alt_text_fr", "caption", "caption_fr", "credit"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["file", "preview", "file_facts", "used_by"]}),
        (
            _("Description"),
            {"fields": [("alt_text", "alt_text_fr"), ("caption", "caption_fr")]},
        ),
        (_("Rights"), {"fields": ["credit", "usage_terms"]}),
        (_("Record"), {"fields": [("uploaded_at", "uploaded_by")]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "preview"]

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_photos),
                name="releases_image_upload",
            ),
            path(
                "describe/",
                self.admin_site.admin_view(self.describe_photos),
                name="releases_image_describe",
            ),
            *super().get_urls(),
        ]

    def upload_photos(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return upload_view(self, request)

    def describe_photos(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return describe_view(self, request)

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.pk is None:
            return "—"
        return thumbnail(obj, width=min(480, obj.width))

    @admin.display(description=_("description"), ordering="caption")
    def description(self, obj):
        text = obj.caption or obj.alt_text
        if text:
            return text
        return format_html('<span class="media-missing">{}</span>', _("Not described"))

    @admin.display(description=_("size"), ordering="width")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("file"))
    def file_facts(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '{}, {} × {} px, {} · <a href="{}">{}</a>',
            obj.get_file_format_display(),
            obj.width,
            obj.height,
            filesizeformat(obj.file_size),
            obj.download_url,
            _("Download"),
        )


@admin.register(Document)
class DocumentAdmin(LibraryAdmin):
    form = DocumentForm
    list_display = [
        "title",
        "language",
        "file_format",
        "size",
        "page_count",
        "use_count",
        "uploaded_at",
    ]
    list_filter = [UsedFilter, "language", "file_format"]
    search_fields = ["title"]
    fields = [
        "file",
        "title",
        "language",
        "file_facts",
        "used_by",
        ("uploaded_at", "uploaded_by"),
    ]

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size)

    @admin.display(description=_("file"))
    def file_facts(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '{}, {} · <a href="{}">{}</a>',
            obj.get_file_format_display(),
            filesizeformat(obj.file_size),
            obj.download_url,
            _("Download"),
        )


class ReleaseImageInline(ReleasePartInline, admin.TabularInline):
    model = ReleaseImage
    autocomplete_fields = ["image"]
    fields = ["image", "position", "preview"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(getattr(obj, "image", None))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")


class ReleaseDocumentInline(ReleasePartInline, admin.TabularInline):
    model = ReleaseDocument
    autocomplete_fields = ["document"]
    fields = ["document", "position"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")
