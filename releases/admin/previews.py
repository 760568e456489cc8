"""The admin of embargo preview links and of the publication log."""

import datetime

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import previews
from ..models import PreviewLink, PublicationEvent
from . import wording

DEFAULT_PREVIEW_DAYS = 7


class PublicationEventInline(admin.TabularInline):
    model = PublicationEvent
    fields = readonly_fields = ["sentence"]
    extra = 0
    can_delete = False

    @admin.display(description=_("what happened"))
    def sentence(self, event):
        return wording.event_sentence(event)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PreviewLinkInline(admin.TabularInline):
    """List a release's preview links; they are made on their own page, which
    shows the new link's address once."""

    model = PreviewLink
    fields = readonly_fields = [
        "expires_at",
        "created_by",
        "created_at",
        "revoked_at",
        "is_active",
    ]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active()


class ActiveListFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("inactive", _("Expired or revoked"))]

    def queryset(self, request, queryset):
        active = PreviewLink.objects.active()
        if self.value() == "active":
            return queryset.filter(pk__in=active)
        if self.value() == "inactive":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = [
        "release",
        "expires_at",
        "created_by",
        "created_at",
        "revoked_at",
        "is_active",
    ]
    list_filter = [ActiveListFilter]
    list_select_related = ["release", "created_by"]
    search_fields = ["release__title"]
    autocomplete_fields = ["release"]
    date_hierarchy = "created_at"
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["release", "expires_at"]
        return [
            "release",
            "expires_at",
            ("created_by", "created_at"),
            ("revoked_by", "revoked_at"),
            "is_active",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "release",
            "expires_at",
            "created_by",
            "created_at",
            "revoked_by",
            "revoked_at",
            "is_active",
        ]

    def get_changeform_initial_data(self, request):
        expires = timezone.localtime() + datetime.timedelta(days=DEFAULT_PREVIEW_DAYS)
        return {
            **super().get_changeform_initial_data(request),
            "expires_at": expires.replace(second=0, microsecond=0),
        }

    def has_delete_permission(self, request, obj=None):
        """Keep every link on record: revoke it instead."""
        return False

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active()

    def save_model(self, request, obj, form, change):
        if change:
            return
        obj.signed_token = previews.issue(obj, request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new link's address, this once: only its hash is kept."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Embargo preview link created"),
            "link": obj,
            "url": request.build_absolute_uri(previews.preview_url(obj.signed_token)),
        }
        response = TemplateResponse(
            request, "admin/releases/previewlink/created.html", context
        )
        add_never_cache_headers(response)
        return response

    @admin.action(permissions=["change"], description=_("Revoke the selected links"))
    def revoke(self, request, queryset):
        count = previews.revoke(queryset, request.user)
        self.message_user(
            request,
            ngettext("%(count)d link revoked.", "%(count)d links revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
