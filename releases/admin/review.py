"""Changes to published or scheduled releases wait for a publisher.

An editor's submission of the change form of a live release goes through the
admin's forms and formsets as usual; when they accept it, ``save_release()``
refuses to save it (``ChangesNeedReview``) and the submission (the POST lists) is
kept as the release's ``PendingChange`` instead. Its author sees it again in the
change form, bound to the stored submission; anyone else sees the release
read-only and who holds the changes. A publisher reviews them as a comparison
with the public version, then publishes them (the submission replayed through
the admin's forms, as the publisher, through ``save_release()``) or discards
them. Drafts are submitted for review from their change form.
"""

import json
from dataclasses import asdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from .. import history, publishing
from ..models import PendingChange, PressRelease
from . import wording

# What a browser posts besides the forms' fields.
NOT_FORM_FIELDS = {
    "csrfmiddlewaretoken",
    "_save",
    "_continue",
    "_addanother",
    "_saveasnew",
    "_submit_for_review",
    "_withdraw_from_review",
}


def submission(post):
    """Return the forms' data of a POST, as lists (``PendingChange.data``)."""
    return {key: post.getlist(key) for key in post if key not in NOT_FORM_FIELDS}


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


def keep_pending_change(release, user, data):
    """Keep ``data`` as the changes of ``user`` to ``release`` (as it was when
    they were checked), replacing their earlier ones; refuse if someone else
    holds changes to it."""
    pending = PendingChange.objects.filter(
        release=release.pk, state=PendingChange.State.PENDING
    )
    try:
        with transaction.atomic():
            live = PressRelease.objects.select_for_update().get(pk=release.pk)
            change = pending.select_for_update().first()
            if change is not None and change.author_id != user.pk:
                raise PermissionDenied(wording.held_message(change))
            if change is None:
                change = PendingChange(release=live, author=user)
            # If the release changed since it was read, publishing is refused.
            change.data, change.based_on = data, release.updated_at
            change.save()
    except IntegrityError:  # someone else's changes were kept meanwhile
        raise PermissionDenied(wording.held_message(pending.get())) from None
    return change


class ReleasePartInline:
    """An inline of a release's parts: read-only when the release is (someone
    else's changes to it wait for a publisher)."""

    def release_is_open(self, request, obj):
        if obj is None:
            return True
        release_admin = self.admin_site.get_model_admin(self.parent_model)
        return release_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.release_is_open(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.release_is_open(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.release_is_open(
            request, obj
        )


class PendingChangeInline(admin.TabularInline):
    """The release's review history: each change kept for a publisher, and what
    became of it."""

    model = PendingChange
    fields = readonly_fields = ["summary"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("releases.view_pressrelease") or (
            request.user.has_perm("releases.change_pressrelease")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("what happened"))
    def summary(self, change):
        url = reverse(
            "admin:releases_pressrelease_review", args=[change.release_id, change.pk]
        )
        return format_html(
            '{} <a href="{}">{}</a>',
            wording.pending_sentence(change),
            url,
            _("Review changes") if change.is_pending() else _("See the changes"),
        )


class ReviewAdminMixin:
    """The review workflow of PressReleaseAdmin (see the module's docstring)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/<int:change_id>/",
                self.admin_site.admin_view(self.review_view),
                name="releases_pressrelease_review",
            ),
            *super().get_urls(),
        ]

    def holds_changes(self, request, release):
        """Tell whether the user's changes to ``release`` wait for a publisher."""
        return publishing.is_live(release) and not publishing.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        """Let no one but their author change a release whose changes wait for a
        publisher: publishing them later would undo the other changes."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or obj.pending_change is None:
            return True
        return obj.pending_change.author_id == request.user.pk

    def own_pending_change(self, request, obj):
        """Return the changes of the user to ``obj`` that the change form shows
        again (on GET), or None."""
        if request.method != "GET" or obj is None:
            return None
        change = obj.pending_change
        if change is None or change.author_id != request.user.pk:
            return None
        return change

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        pending = self.own_pending_change(request, obj)
        if pending is None:
            return form
        data = MultiValueDict(pending.data)

        class PendingForm(form):
            """The change form, bound to the changes waiting for a publisher."""

            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)

        return PendingForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = self.own_pending_change(request, obj)
        if pending is not None:
            kwargs.update(data=MultiValueDict(pending.data), files=MultiValueDict())
        return kwargs

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, unquote(object_id))
        if release is None:
            return super().change_view(request, object_id, form_url, extra_context)
        pending = release.pending_change
        if request.method == "POST":
            if pending is not None and pending.author_id != request.user.pk:
                raise PermissionDenied(wording.held_message(pending))
            if self.holds_changes(request, release):
                return self.hold_changes(request, release, object_id, form_url)
            return super().change_view(request, object_id, form_url, extra_context)
        context = {
            "pending_change": pending,
            "review_notice": wording.review_notice(release, request.user),
            "can_review": publishing.can_publish(request.user),
            **(extra_context or {}),
        }
        if self.own_pending_change(request, release) is None:
            return super().change_view(request, object_id, form_url, context)
        # The form bound to the changes checks, locking the release's row, that
        # the release is unchanged: render it inside a transaction.
        with transaction.atomic():
            response = super().change_view(request, object_id, form_url, context)
            if hasattr(response, "render"):
                response.render()
        return response

    def hold_changes(self, request, release, object_id, form_url):
        """Check the submission with the admin's forms; keep it, unsaved, as the
        release's changes waiting for a publisher."""
        try:
            response = super().change_view(request, object_id, form_url)
        except publishing.ChangesNeedReview:
            pass  # the forms accepted the submission: save_model() was refused
        else:
            return response  # the forms' errors
        keep_pending_change(release, request.user, submission(request.POST))
        self.message_user(request, wording.waiting_message(release), messages.SUCCESS)
        if "_continue" in request.POST:
            return redirect(request.path)
        return self.response_post_save_change(request, release)

    # Review

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

    # Submission for review

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_submission(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.response_submission(request, obj) or super().response_change(
            request, obj
        )

    def response_submission(self, request, obj):
        """Submit the saved draft for review, or withdraw it, if the button said so;
        return the response, or None."""
        submit = "_submit_for_review" in request.POST
        if not (submit or "_withdraw_from_review" in request.POST):
            return None
        if obj.status != PressRelease.Status.DRAFT:
            return None
        values = (timezone.now(), request.user) if submit else (None, None)
        PressRelease.objects.filter(pk=obj.pk).update(
            submitted_at=values[0], submitted_by=values[1]
        )
        if submit:
            message = _(
                "“%(title)s” is saved and submitted for review: publishers see it "
                "in their queue."
            )
        else:
            message = _("“%(title)s” is saved, and no longer submitted for review.")
        self.message_user(request, message % {"title": obj.title}, messages.SUCCESS)
        return redirect("admin:releases_pressrelease_change", obj.pk)
