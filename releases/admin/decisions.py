"""A publisher's decision on changes waiting for a publisher.

The review page compares the public version with the version the changes would
make: their submission is replayed through the admin's change form, as the
publisher, inside a savepoint that is rolled back. Publishing replays it for
real, through ``save_release()``, in one transaction; discarding keeps the
public version. Both record who decided when, and the comparison.
"""

import json
from dataclasses import asdict

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import history, publishing
from ..models import PendingChange, PressRelease
from . import wording


def posted(bound_field):
    """Return what a browser posts for ``bound_field`` as its form shows it."""
    value, widget = bound_field.value(), bound_field.field.widget
    name = bound_field.html_name
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {
            f"{name}_{i}": ["" if p is None else str(p)] for i, p in enumerate(parts)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"]} if value else {}
    if isinstance(value, list | tuple):
        return {name: [str(item) for item in value]}
    return {name: ["" if value is None else str(value)]}


def set_lists(data, lists):
    for key, values in lists.items():
        data.setlist(key, values)


def plain(value):
    """Return ``value`` with its lazy texts made plain, ready for a JSONField."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class DecisionAdminMixin:
    """The publisher's review of PressReleaseAdmin (see the module's docstring)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/<int:change_id>/",
                self.admin_site.admin_view(self.review_view),
                name="releases_pressrelease_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id, change_id):
        release = self.get_object(request, unquote(object_id))
        if release is None:
            raise Http404
        if not self.has_view_or_change_permission(request, release):
            raise PermissionDenied
        change = get_object_or_404(
            PendingChange.objects.select_related("author", "decided_by"),
            pk=change_id,
            release=release,
        )
        can_review = publishing.can_publish(request.user)
        if request.method == "POST":
            if not can_review:
                raise PermissionDenied
            if "_publish" in request.POST:
                return self.publish_changes(request, release, change)
            if "_discard" in request.POST:
                return self.discard_changes(request, release, change)
        comparison, errors = change.comparison, []
        stale = change.is_pending() and self.is_stale(release, change)
        if change.is_pending():
            if not can_review:
                raise PermissionDenied(
                    _("Only a publisher can review changes waiting for a publisher.")
                )
            comparison, errors = self.compare_changes(request, release, change)
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": release,
            "object_id": object_id,
            "title": _("Changes to “%(title)s”") % {"title": release.title},
            "change": change,
            "sentence": wording.pending_sentence(change),
            "comparison": comparison,
            "errors": errors,
            "stale": stale,
            "stale_message": stale and self.stale_message(release, change),
            "can_review": can_review and change.is_pending(),
        }
        return TemplateResponse(
            request, "admin/releases/pressrelease/review.html", context
        )

    def is_stale(self, release, change):
        """Tell whether the public version changed since ``change`` was made."""
        updated_at = PressRelease.objects.filter(pk=release.pk).values_list(
            "updated_at", flat=True
        )
        return updated_at.get() != change.based_on

    def stale_message(self, release, change):
        live = PressRelease.objects.select_related("updated_by").get(pk=release.pk)
        return _(
            "The public version of this release was changed by %(who)s on %(when)s "
            "(Paris time), after these changes were made: publishing them would "
            "undo that. Discard them, and ask %(author)s to make them again."
        ) % {
            "who": wording.who(live.updated_by),
            "when": wording.paris(live.updated_at),
            "author": wording.who(change.author),
        }

    def compare_changes(self, request, release, change):
        """Return the comparison of the public version with ``change`` applied,
        and the errors that stop applying it. Nothing is kept."""
        with transaction.atomic():
            result = self.apply_changes(request, release, change)
            transaction.set_rollback(True)
        return result

    def apply_changes(self, request, release, change):
        """Replay ``change`` through the admin's forms as the user: return the
        comparison with the public version, or None and the forms' errors."""
        before = history.snapshot(release)
        PendingChange.objects.filter(pk=change.pk).update(
            state=PendingChange.State.PUBLISHED,
            decided_by=request.user,
            decided_at=timezone.now(),
        )
        response = super().change_view(
            self.replay_request(request, release, change), str(release.pk)
        )
        if response.status_code != 302:
            return None, [str(error) for error in response.context_data["errors"]]
        fields, parts = history.compare_snapshots(before, history.snapshot(release))
        return plain(
            {"fields": list(map(asdict, fields)), "parts": list(map(asdict, parts))}
        ), []

    def replay_request(self, request, release, change):
        """Return a POST of ``change``'s submission to the release's change form,
        by the user of ``request``, completed with the fields its author's form
        did not have (the publication, the inlines only publishers see)."""
        data = MultiValueDict(change.data)
        shown = QueryDict()  # the form as shown, not as posted
        unbound = HttpRequest()
        unbound.method, unbound.GET, unbound.user = "GET", shown, request.user
        fieldsets = self.get_fieldsets(unbound, release)
        form_class = self.get_form(
            unbound, release, change=True, fields=flatten_fieldsets(fieldsets)
        )
        form = form_class(instance=release)
        not_for_author = self.readonly_publication_fields(change.author, release)
        for name in form.fields:
            if name in not_for_author:
                set_lists(data, posted(form[name]))
        for formset_class, inline in self.get_formsets_with_inlines(unbound, release):
            prefix = formset_class.get_default_prefix()
            if any(key.startswith(f"{prefix}-") for key in data):
                continue
            formset = formset_class(
                **self.get_formset_kwargs(unbound, release, inline, prefix)
            )
            for shown_form in [formset.management_form, *formset.forms]:
                for bound_field in shown_form:
                    set_lists(data, posted(bound_field))
        replay = HttpRequest()
        replay.method, replay.user = "POST", request.user
        replay.path = replay.path_info = reverse(
            "admin:releases_pressrelease_change", args=[release.pk]
        )
        replay.META = {**request.META, "REQUEST_METHOD": "POST"}
        replay.POST = QueryDict(mutable=True)
        for key, values in data.lists():
            replay.POST.setlist(key, values)
        replay._messages = CookieStorage(replay)  # its messages are not shown
        replay._dont_enforce_csrf_checks = True  # request itself passed the check
        return replay

    @transaction.atomic
    def publish_changes(self, request, release, change):
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        review_url = request.path
        if not change.is_pending():
            self.message_user(request, _("These changes were decided already."))
            return redirect(review_url)
        PressRelease.objects.select_for_update().filter(pk=release.pk).get()
        if self.is_stale(release, change):
            self.message_user(
                request, self.stale_message(release, change), messages.ERROR
            )
            return redirect(review_url)
        comparison, errors = self.apply_changes(request, release, change)
        if errors:
            transaction.set_rollback(True)
            for error in errors:
                self.message_user(request, error, messages.ERROR)
            return redirect(review_url)
        PendingChange.objects.filter(pk=change.pk).update(comparison=comparison)
        revision = Version.objects.get_for_object(release).first().revision
        revision.comment = _("Changes by %(author)s, published by %(publisher)s") % {
            "author": wording.who(change.author),
            "publisher": wording.who(request.user),
        }
        revision.save(update_fields=["comment"])
        self.message_user(
            request,
            _("The changes by %(author)s to “%(title)s” are now public.")
            % {"author": wording.who(change.author), "title": release.title},
            messages.SUCCESS,
        )
        return redirect("admin:releases_pressrelease_change", release.pk)

    @transaction.atomic
    def discard_changes(self, request, release, change):
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if not change.is_pending():
            self.message_user(request, _("These changes were decided already."))
            return redirect(request.path)
        comparison, _errors = self.compare_changes(request, release, change)
        PendingChange.objects.filter(pk=change.pk).update(
            state=PendingChange.State.DISCARDED,
            decided_by=request.user,
            decided_at=timezone.now(),
            comparison=comparison,
        )
        self.message_user(
            request,
            _("The changes by %(author)s to “%(title)s” are discarded.")
            % {"author": wording.who(change.author), "title": release.title},
            messages.SUCCESS,
        )
        return redirect("admin:releases_pressrelease_change", release.pk)
