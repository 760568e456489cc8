"""The admin of press releases: the list, the change form with its inlines, the
publish and unpublish actions, and the import page's URL."""

import copy
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import history, publishing
from ..dates import END_MOMENT, FIRST_MOMENT, parse_year
from ..forms import PressReleaseAdminForm
from ..models import (
    PartnerNation,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseNation,
    ReleaseSpeaker,
)
from . import wording
from .body_preview import BodyPreviewMixin
from .dates import DateRangeChangeList
from .history import HistoryAdmin
from .imports import import_view
from .library import ReleaseDocumentInline, ReleaseImageInline
from .previews import PreviewLinkInline, PublicationEventInline
from .review import PendingChangeInline, ReleasePartInline, ReviewAdminMixin


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .filter(published_at__gte=FIRST_MOMENT, published_at__lt=END_MOMENT)
            .annotate(year=ExtractYear("published_at"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        year = parse_year(self.value())
        if year is None:
            raise IncorrectLookupParameters
        return queryset.filter(published_at__year=year)


class StateListFilter(admin.SimpleListFilter):
    """Filter by state: drafts include those submitted, scheduled and published
    releases those with changes pending (``PressRelease.in_state``)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PressRelease.State.choices

    def queryset(self, request, queryset):
        if self.value() in PressRelease.State.values:
            return queryset.in_state(self.value())
        return queryset


class ReleaseNationInline(ReleasePartInline, admin.TabularInline):
    model = ReleaseNation
    autocomplete_fields = ["nation"]
    extra = 1


class ReleaseSpeakerInline(ReleasePartInline, admin.TabularInline):
    model = ReleaseSpeaker
    autocomplete_fields = ["speaker"]
    extra = 0


class QuoteInline(ReleasePartInline, admin.StackedInline):
    model = Quote
    autocomplete_fields = ["speaker"]
    fields = [("speaker", "role", "position"), "text"]
    extra = 0


class ReleaseContactInline(ReleasePartInline, admin.TabularInline):
    model = ReleaseContact
    autocomplete_fields = ["contact"]
    extra = 0


@admin.register(PressRelease)
class PressReleaseAdmin(ReviewAdminMixin, BodyPreviewMixin, HistoryAdmin):
    form = PressReleaseAdminForm
    change_list_template = "admin/releases/pressrelease/change_list.html"
    list_display = [
        "title",
        "state",
        "published_at",
        "language",
        "nation_codes",
        "updated_at",
        "updated_by",
    ]
    list_filter = [
        StateListFilter,
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
        PendingChangeInline,
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

    def get_changelist(self, request, **kwargs):
        return DateRangeChangeList

    def import_releases(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return import_view(self, request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("body", "body_html", "body_text")
            .with_review()
            .prefetch_related(
                Prefetch(
                    "partner_nations",
                    queryset=PartnerNation.objects.only("code").order_by("code"),
                )
            )
        )

    @admin.display(description=_("state"))
    def state(self, obj):
        return wording.state_label(obj)

    @admin.display(description=_("nations"))
    def nation_codes(self, obj):
        return ", ".join(nation.code for nation in obj.partner_nations.all())

    def get_inlines(self, request, obj):
        """Leave the publication log, the review history and preview links out of
        the add page."""
        inlines = super().get_inlines(request, obj)
        if obj is None:
            return [
                inline
                for inline in inlines
                if inline
                not in (PublicationEventInline, PendingChangeInline, PreviewLinkInline)
            ]
        return inlines

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            *self.readonly_publication_fields(request.user, obj),
        ]

    def readonly_publication_fields(self, user, obj):
        """Return the publication's fields ``user`` sees as they are (None: a
        deleted user): only publishers change the publication."""
        if user is not None and publishing.can_publish(user):
            return []
        if obj is not None and obj.status == PressRelease.Status.PUBLISHED:
            return ["status", "published_at"]
        return ["status"]

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        """Let only publishers delete a published (or scheduled) release."""
        if obj is not None and obj.status == PressRelease.Status.PUBLISHED:
            return super().has_delete_permission(
                request, obj
            ) and self.has_publish_permission(request)
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """Say in one line per release, not one per e-mail, what keeps mailed
        releases from being deleted (their deliveries protect them)."""
        from distribution.models import Delivery  # distribution uses releases

        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        if protected:
            label = f"{capfirst(Delivery._meta.verbose_name)}: "
            mailed = (
                Delivery.objects.filter(release__in=objs)
                .values_list("release__title")
                .annotate(count=Count("pk"))
                .order_by("release__title")
            )
            protected = [
                *(
                    ngettext(
                        "The e-mails of “%(title)s” to %(count)d subscriber: "
                        "return it to draft instead.",
                        "The e-mails of “%(title)s” to %(count)d subscribers: "
                        "return it to draft instead.",
                        count,
                    )
                    % {"title": title, "count": count}
                    for title, count in mailed
                ),
                *(line for line in protected if not str(line).startswith(label)),
            ]
        return deleted, counts, perms_needed, protected

    # The release a restored version replaces (see restoring()); by default, the
    # release as the database holds it when the form is saved.
    replaced = publishing.SAVED

    def revision_view(self, request, object_id, version_id, extra_context=None):
        release = PressRelease.objects.filter(pk=unquote(object_id)).first()
        return super(PressReleaseAdmin, self.restoring(release)).revision_view(
            request, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        return super(PressReleaseAdmin, self.restoring(None)).recover_view(
            request, version_id, extra_context
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self.replaced is not publishing.SAVED:
            self.leave_out_deleted_files(request, unquote(object_id))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def leave_out_deleted_files(self, request, object_id):
        """Restore a version without the photos and documents deleted from the
        library since, and say so."""
        count = history.drop_links_to_deleted_files(object_id)
        if count:
            self.message_user(
                request,
                ngettext(
                    "This version used %(count)d photo or document deleted from "
                    "the library since: it is restored without it.",
                    "This version used %(count)d photos or documents deleted from "
                    "the library since: it is restored without them.",
                    count,
                )
                % {"count": count},
                messages.WARNING,
            )

    def restoring(self, release):
        """Return this admin for one restore of a version over ``release`` (None
        for a deleted release).

        django-reversion writes the version into the database before the change
        form is saved, so the release it replaces is read before, and kept by
        this copy of the admin until save_model().
        """
        admin = copy.copy(self)
        admin.replaced = release
        return admin

    def save_model(self, request, obj, form, change):
        """Save through publishing.save_release(), which refuses a change of
        publication by a non-publisher (a restored version may carry one), and
        the changes of a non-publisher to a live release (they wait for a
        publisher: ReviewAdminMixin), and logs a change of publication."""
        event = publishing.save_release(
            obj,
            request.user,
            save=partial(super().save_model, request, obj, form, change),
            before=self.replaced,
        )
        if event is not None:
            self.message_user(
                request, wording.saved_message(obj, event), messages.SUCCESS
            )

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
