from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import publishing
from .admin_history import HistoryAdmin
from .admin_import import import_view
from .admin_media import ReleaseDocumentInline, ReleaseImageInline
from .admin_previews import PreviewLinkInline, PublicationEventInline
from .forms import PressReleaseAdminForm
from .models import (
    Contact,
    PartnerNation,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    Topic,
)

admin.site.site_header = _("CNES press office")
admin.site.site_title = _("CNES press office")
admin.site.index_title = _("Press releases and their people")


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .exclude(published_at=None)
            .annotate(year=ExtractYear("published_at"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


class ReleaseNationInline(admin.TabularInline):
    model = ReleaseNation
    autocomplete_fields = ["nation"]
    extra = 1


class ReleaseSpeakerInline(admin.TabularInline):
    model = ReleaseSpeaker
    autocomplete_fields = ["speaker"]
    extra = 0


class QuoteInline(admin.StackedInline):
    model = Quote
    autocomplete_fields = ["speaker"]
    fields = [("speaker", "role", "position"), "text"]
    extra = 0


class ReleaseContactInline(admin.TabularInline):
    model = ReleaseContact
    autocomplete_fields = ["contact"]
    extra = 0


@admin.register(PressRelease)
class PressReleaseAdmin(HistoryAdmin):
    form = PressReleaseAdminForm
    change_list_template = "admin/releases/pressrelease/change_list.html"
    list_display = [
        "title",
        "status",
        "is_published",
        "published_at",
        "language",
        "nation_codes",
        "updated_at",
        "updated_by",
    ]
    list_filter = [
        "status",
        "language",
        YearListFilter,
        ("partner_nations", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["updated_by"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "translation_of"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    inlines = [
        ReleaseNationInline,
        QuoteInline,
        ReleaseImageInline,
        ReleaseDocumentInline,
        ReleaseSpeakerInline,
        ReleaseContactInline,
        PublicationEventInline,
        PreviewLinkInline,
    ]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("language", "translation_of"),
                    "summary",
                    "body",
                    "loaded_version",
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (
            _("Event and source"),
            {"fields": ["event_place", "event_date", "source_url"]},
        ),
        (_("Topics"), {"fields": ["topics"]}),
        (
            _("Record"),
            {
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_releases),
                name="releases_pressrelease_import",
            ),
            *super().get_urls(),
        ]

    def import_releases(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return import_view(self, request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("body", "body_html")
            .prefetch_related(
                Prefetch(
                    "partner_nations",
                    queryset=PartnerNation.objects.only("code").order_by("code"),
                )
            )
        )

    @admin.display(boolean=True, description=_("public"))
    def is_published(self, obj):
        return obj.is_published()

    @admin.display(description=_("nations"))
    def nation_codes(self, obj):
        return ", ".join(nation.code for nation in obj.partner_nations.all())

    def get_inlines(self, request, obj):
        """Leave the publication log and preview links out of the add page."""
        inlines = super().get_inlines(request, obj)
        if obj is None:
            return [
                inline
                for inline in inlines
                if inline not in (PublicationEventInline, PreviewLinkInline)
            ]
        return inlines

    def get_readonly_fields(self, request, obj=None):
        """Show editors the publication as it is: only publishers change it."""
        fields = super().get_readonly_fields(request, obj)
        if self.has_publish_permission(request):
            return fields
        if obj is not None and obj.status == PressRelease.Status.PUBLISHED:
            return [*fields, "status", "published_at"]
        return [*fields, "status"]

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        """Let only publishers delete a published (or scheduled) release."""
        if obj is not None and obj.status == PressRelease.Status.PUBLISHED:
            return super().has_delete_permission(
                request, obj
            ) and self.has_publish_permission(request)
        return super().has_delete_permission(request, obj)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = PressRelease.objects.filter(pk=unquote(object_id)).first()
        request.publication_before = publishing.PublicationState.of(current)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.publication_before = publishing.PublicationState.of(None)
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        """Save, refusing a change of publication by a non-publisher (a restored
        version may carry one), and log the publication change."""
        before = getattr(request, "publication_before", None)
        if before is None:
            saved = None
            if change:
                saved = (
                    PressRelease.objects.select_for_update()
                    .only("status", "published_at")
                    .get(pk=obj.pk)
                )
            before = publishing.PublicationState.of(saved)
        publishing.check_permission(
            request.user, before, publishing.PublicationState.of(obj)
        )
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        publishing.record(obj, before, request.user)

    @admin.action(
        permissions=["publish"], description=_("Publish the selected releases")
    )
    def publish(self, request, queryset):
        count = sum(publishing.publish(release, request.user) for release in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d release published.",
                "%(count)d releases published.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        permissions=["publish"], description=_("Return the selected releases to draft")
    )
    def unpublish(self, request, queryset):
        count = sum(
            publishing.unpublish(release, request.user)
            for release in queryset.filter(status=PressRelease.Status.PUBLISHED)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d release returned to draft.",
                "%(count)d releases returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(PartnerNation)
class PartnerNationAdmin(HistoryAdmin):
    list_display = ["code", "name_en", "name_fr", "release_count"]
    search_fields = ["code", "name_en", "name_fr"]
    ordering = ["name_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count("releases"))

    @admin.display(description=_("releases"), ordering="release_count")
    def release_count(self, obj):
        return obj.release_count


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name_en", "name_fr", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Speaker)
class SpeakerAdmin(HistoryAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ["name", "role", "phone", "email"]
    search_fields = ["name", "role", "email"]
