"""The media library in the admin: photos (uploaded several at a time, described
in one table, searched with thumbnails), documents, and the inlines that give a
release its own, in order.

A photo or document that a release uses cannot be deleted: the editor is told
which releases use it. Deleting one removes its files (and a photo's renditions)
once the deletion is committed, for good: the library keeps no versions (a
recovered version would point to a file that is gone), only releases do.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.forms import modelformset_factory
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import media, renditions
from .models import Document, Image, ReleaseDocument, ReleaseImage

MAX_UPLOADS = 50
THUMBNAIL_WIDTH = 240


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotosField(forms.FileField):
    """Up to MAX_UPLOADS photos at once, each checked by its content."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [super().clean(upload) for upload in uploads]
        if len(uploads) > MAX_UPLOADS:
            raise ValidationError(
                ngettext(
                    "Upload at most %(limit)d photo at a time.",
                    "Upload at most %(limit)d photos at a time.",
                    MAX_UPLOADS,
                )
                % {"limit": MAX_UPLOADS}
            )
        prepared, errors = [], []
        for upload in uploads:
            try:
                prepared.append(media.prepare_photo(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return prepared


class PhotoUploadForm(forms.Form):
    files = MultiplePhotosField(label=_("Photos"))
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        help_text=_("For every photo of this upload: © CNES/ESA/S. Martin."),
    )
    usage_terms = forms.ChoiceField(
        label=_("Usage terms"),
        choices=Image.UsageTerms,
        initial=Image.UsageTerms.EDITORIAL,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "JPEG or PNG, up to %(count)d at a time, %(size)s and %(pixels)s "
            "megapixels each at most. Their metadata (camera, GPS position) is "
            "removed; you describe them on the next page."
        ) % {
            "count": MAX_UPLOADS,
            "size": filesizeformat(settings.MEDIA_MAX_IMAGE_BYTES),
            "pixels": f"{settings.MEDIA_MAX_IMAGE_PIXELS / 1_000_000:g}",
        }


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
                self.admin_site.admin_view(self.upload_view),
                name="releases_image_upload",
            ),
            path(
                "describe/",
                self.admin_site.admin_view(self.describe_view),
                name="releases_image_describe",
            ),
            *super().get_urls(),
        ]

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

    def upload_view(self, request):
        """Upload several photos at once, then describe them (describe_view)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PhotoUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                images = [
                    Image.objects.create(
                        file=prepared.content,
                        credit=form.cleaned_data["credit"],
                        usage_terms=form.cleaned_data["usage_terms"],
                        uploaded_by=request.user,
                        **prepared.fields,
                    )
                    for prepared in form.cleaned_data["files"]
                ]
            self.message_user(
                request,
                ngettext(
                    "%(count)d photo uploaded: describe it for those who cannot "
                    "see it, and in French.",
                    "%(count)d photos uploaded: describe them for those who cannot "
                    "see them, and in French.",
                    len(images),
                )
                % {"count": len(images)},
                messages.SUCCESS,
            )
            ids = ",".join(str(image.pk) for image in images)
            return redirect(f"{reverse('admin:releases_image_describe')}?ids={ids}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload photos"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/releases/image/upload.html", context)

    def describe_view(self, request):
        """Describe the photos just uploaded, all in one table."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
        DescriptionFormSet = modelformset_factory(
            Image,
            fields=["alt_text", "alt_text_fr", "caption", "caption_fr", "credit"],
            widgets={
                "caption": forms.Textarea(attrs={"rows": 3, "cols": 30}),
                "caption_fr": forms.Textarea(attrs={"rows": 3, "cols": 30}),
            },
            extra=0,
        )
        formset = DescriptionFormSet(
            request.POST or None, queryset=Image.objects.filter(pk__in=ids)
        )
        if request.method == "POST" and formset.is_valid():
            formset.save()
            self.message_user(request, _("The photos are described."), messages.SUCCESS)
            return redirect("admin:releases_image_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Describe the photos"),
            "rows": [(form, thumbnail(form.instance)) for form in formset],
            "formset": formset,
            "media": self.media + formset.media,
        }
        return TemplateResponse(request, "admin/releases/image/describe.html", context)


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


class ReleaseImageInline(admin.TabularInline):
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


class ReleaseDocumentInline(admin.TabularInline):
    model = ReleaseDocument
    autocomplete_fields = ["document"]
    fields = ["document", "position"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")
