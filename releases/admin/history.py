"""The admin's history pages: every version, what it changed, revert and recover
(django-reversion's VersionAdmin, with a page comparing a version with the one
before)."""

from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..history import compare, register_models


class HistoryAdmin(VersionAdmin):
    object_history_template = "admin/releases/object_history.html"
    history_latest_first = True

    def __init__(self, *args, **kwargs):
        # Register our way (releases.history) before VersionAdmin would register
        # the model itself, following every inline.
        register_models()
        super().__init__(*args, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name=f"{opts.app_label}_{opts.model_name}_changes",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(
                self.model, unquote(object_id)
            ).select_related("revision__user"),
        )
        rows = [
            {"version": version, **self.version_urls(object_id, version)}
            for version in versions
        ]
        return super().history_view(
            request, object_id, {"versions": rows, **(extra_context or {})}
        )

    def version_urls(self, object_id, version):
        opts = self.model._meta
        prefix = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        args = [quote(unquote(object_id)), version.pk]
        return {
            "revert_url": reverse(f"{prefix}_revision", args=args),
            "changes_url": reverse(f"{prefix}_changes", args=args),
        }

    def changes_view(self, request, object_id, version_id):
        """Show what ``version`` changed, field by field, against the one before."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.select_related("revision__user"),
            pk=version_id,
            object_id=unquote(object_id),
            content_type=ContentType.objects.get_for_model(self.model),
        )
        comparison = compare(version)
        opts = self.model._meta
        saved = formats.date_format(
            timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object_id": object_id,
            "title": _("Changes to “%(object)s” saved on %(date)s")
            % {"object": version.object_repr, "date": saved},
            "comparison": comparison,
            "has_change_permission": self.has_change_permission(request),
            **self.version_urls(object_id, version),
        }
        return TemplateResponse(request, "admin/releases/version_changes.html", context)
