"""Changes to a published or scheduled release, waiting for a publisher."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import user_reference
from .releases import PressRelease


class PendingChange(models.Model):
    """An editor's change of a live release, kept until a publisher decides.

    ``data`` is the editor's validated submission of the release's change form
    (the form and every inline formset, as the lists of a POST): publishing
    replays it through the admin's forms against the live release, so the public
    row is not touched before then. ``based_on`` is the live release's
    ``updated_at`` the change was made on: if the release changed since, the
    change cannot be published.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a publisher")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="pending_changes",
        verbose_name=_("press release"),
    )
    author = user_reference(_("author"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    data = models.JSONField(editable=False)
    based_on = models.DateTimeField(
        _("based on the version of"),
        help_text=_("When the public version these changes were made on was saved."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING
    )
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comparison = models.JSONField(
        null=True,
        editable=False,
        help_text=_("What the changes changed, as the publisher saw it when deciding."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pending change")
        verbose_name_plural = _("review history")
        constraints = [
            models.UniqueConstraint(
                fields=["release"],
                condition=Q(state="pending"),
                name="pendingchange_one_pending_per_release",
                violation_error_message=_(
                    "This release already has changes waiting for a publisher."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "published", "discarded"]),
                name="pendingchange_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at=None)
                | (~Q(state="pending") & Q(decided_at__isnull=False)),
                name="pendingchange_decided_when_not_pending",
            ),
        ]

    def __str__(self):
        return _("Changes to “%(release)s” by %(author)s") % {
            "release": self.release,
            "author": self.author or _("a deleted user"),
        }

    def is_pending(self):
        return self.state == self.State.PENDING
