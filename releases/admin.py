from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_import import import_view
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
class PressReleaseAdmin(admin.ModelAdmin):
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
    autocomplete_fields = ["topics"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    inlines = [
        ReleaseNationInline,
        QuoteInline,
        ReleaseSpeakerInline,
        ReleaseContactInline,
    ]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "body"]}),
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected releases"))
    def publish(self, request, queryset):
        now = timezone.now()
        undated = queryset.filter(published_at=None).update(
            status=PressRelease.Status.PUBLISHED,
            published_at=now,
            updated_by=request.user,
            updated_at=now,
        )
        dated = queryset.exclude(status=PressRelease.Status.PUBLISHED).update(
            status=PressRelease.Status.PUBLISHED,
            updated_by=request.user,
            updated_at=now,
        )
        count = undated + dated
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

    @admin.action(description=_("Return the selected releases to draft"))
    def unpublish(self, request, queryset):
        count = queryset.filter(status=PressRelease.Status.PUBLISHED).update(
            status=PressRelease.Status.DRAFT,
            updated_by=request.user,
            updated_at=timezone.now(),
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
class PartnerNationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "release_count"]
    search_fields = ["code", "name_en", "name_fr"]
    ordering = ["name_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count("releases"))

    @admin.display(description=_("releases"), ordering="release_count")
    def release_count(self, obj):
        return obj.release_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_fr", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "phone", "email"]
    search_fields = ["name", "role", "email"]
