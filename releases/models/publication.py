"""Publishing a release: the public-content version, the publication log and
embargo preview links."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import user_reference
from .releases import PressRelease


class ContentVersion(models.Model):
    """The versions of the content, under which pages and figures are cached.

    A single row (releases/versioning.py): ``token`` is renewed when what the
    public sees changes, ``staff_token`` by every change, drafts included.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    staff_token = models.CharField(max_length=32, default="", editable=False)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.token


class PublicationEvent(models.Model):
    """One entry of a release's publication log: who published, unpublished or
    rescheduled it, and when."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Returned to draft")

    release = models.ForeignKey(
        PressRelease,
        # The log outlives a deleted release, and is there again if it is recovered.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="publication_events",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    published_at = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        help_text=_("The publication date the release had after this action."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("publication event")
        verbose_name_plural = _("publication log")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["published", "scheduled", "unpublished"]),
                name="publicationevent_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.release_id} at {self.created_at}"


PREVIEW_LINK_MAX_DAYS = 90


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Return the links that still open their release: not revoked, not expired."""
        return self.filter(revoked_at=None, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A secret link showing an unpublished release to journalists under embargo.

    Only a hash of the token is stored (releases/previews.py makes and checks them).
    """

    release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="preview_links",
        verbose_name=_("press release"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(
        _("expires"),
        help_text=_(
            "The link stops working at this time: at most 90 days from now. "
            "Revoke it to stop it sooner."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = user_reference(_("created by"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = user_reference(_("revoked by"))

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("embargo preview link")
        verbose_name_plural = _("embargo preview links")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="previewlink_expires_after_creation",
            ),
        ]

    def __str__(self):
        return _("Preview of “%(release)s”, expires %(expires)s") % {
            "release": self.release,
            "expires": timezone.localtime(self.expires_at).strftime("%Y-%m-%d %H:%M"),
        }

    def clean(self):
        if not self._state.adding:
            return
        now = timezone.now()
        errors = {}
        if self.expires_at is not None and self.expires_at <= now:
            errors["expires_at"] = _("Choose a time in the future.")
        elif self.expires_at is not None and self.expires_at > now + datetime.timedelta(
            days=PREVIEW_LINK_MAX_DAYS
        ):
            errors["expires_at"] = _(
                "A preview link lasts at most %(days)d days: choose an earlier time."
            ) % {"days": PREVIEW_LINK_MAX_DAYS}
        if self.release_id is not None and self.release.is_published():
            errors["release"] = _(
                "This release is public already: send its public address instead."
            )
        if errors:
            raise ValidationError(errors)

    def is_active(self):
        """Return whether the link still opens its release."""
        return self.revoked_at is None and self.expires_at > timezone.now()
