"""Changes to published or scheduled releases wait for a publisher.

An editor's submission of the change form of a live release goes through the
admin's forms and formsets as usual; when they accept it, ``save_release()``
refuses to save it (``ChangesNeedReview``) and the submission (the POST lists) is
kept as the release's ``PendingChange`` instead. Its author sees it again in the
change form, bound to the stored submission; anyone else sees the release
read-only and who holds the changes. A publisher reviews them as a comparison
with the public version, then publishes them (the submission replayed through
the admin's forms, as the publisher, through ``save_release()``) or discards
them (``decisions.py``). Drafts are submitted for review from their change form.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import changes, publishing
from ..models import PendingChange, PressRelease
from . import wording
from .decisions import DecisionAdminMixin

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


class ReviewAdminMixin(DecisionAdminMixin):
    """The review workflow of PressReleaseAdmin (see the module's docstring)."""

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
        changes.releases_written([obj.pk])  # the staff figures filter by it
        if submit:
            message = _(
                "“%(title)s” is saved and submitted for review: publishers see it "
                "in their queue."
            )
        else:
            message = _("“%(title)s” is saved, and no longer submitted for review.")
        self.message_user(request, message % {"title": obj.title}, messages.SUCCESS)
        return redirect("admin:releases_pressrelease_change", obj.pk)
