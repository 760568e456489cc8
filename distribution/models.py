"""Journalists who subscribe, the lists press officers keep, and each mail sent."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from releases.models import PartnerNation, PressRelease, ReleaseNation, Topic


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def for_address(self, email):
        """Return the subscriber of an address, whatever its case."""
        return self.filter(email__iexact=email.strip())

    def interested_in(self, releases):
        """Return the subscribers who want all releases, or whose nations or
        topics include one of the ``releases``' (a queryset)."""
        nations = Subscriber.nations.through.objects.filter(subscriber=OuterRef("pk"))
        topics = Subscriber.topics.through.objects.filter(subscriber=OuterRef("pk"))
        release_nations = ReleaseNation.objects.filter(release__in=releases)
        release_topics = PressRelease.topics.through.objects.filter(
            pressrelease__in=releases
        )
        return self.filter(
            (~Exists(nations) & ~Exists(topics))
            | Exists(nations.filter(partnernation__in=release_nations.values("nation")))
            | Exists(topics.filter(topic__in=release_topics.values("topic")))
        )


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("Subscription form")
        IMPORT = "import", _("CSV import")
        ADMIN = "admin", _("Added in the admin")

    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=150, blank=True)
    outlet = models.CharField(
        _("outlet"), max_length=150, blank=True, help_text=_("Newspaper, agency…")
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=PressRelease.Language,
        default=PressRelease.Language.ENGLISH,
        help_text=_("Releases come in this language when a translation exists."),
    )
    nations = models.ManyToManyField(
        PartnerNation,
        blank=True,
        related_name="+",
        verbose_name=_("partner nations"),
        help_text=_("With no nation and no topic, the subscriber gets every release."),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("topics")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING
    )
    source = models.CharField(
        _("came through"), max_length=10, choices=Source, default=Source.ADMIN
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    source_detail = models.CharField(
        _("source detail"),
        max_length=255,
        blank=True,
        help_text=_("The imported file and its line, for instance."),
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text = models.TextField(
        _("consent wording"),
        blank=True,
        help_text=_("The exact text the subscriber agreed to."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # Choices made on the form and waiting for the confirmation link (tokens.py).
    pending_choices = models.JSONField(default=None, null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_email_unique",
                violation_error_message=_("This address is subscribed already."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "unsubscribed"]),
                name="subscriber_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]),
                name="subscriber_language_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email


class SubscriberList(models.Model):
    """A list of recipients a press officer keeps: "Accredited journalists, Japan"."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Subscriber, blank=True, related_name="lists", verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("list of subscribers")
        verbose_name_plural = _("lists of subscribers")

    def __str__(self):
        return self.name


class DeliveryQuerySet(models.QuerySet):
    def counts(self):
        """Return the number of deliveries in each state, every state named."""
        found = dict(
            self.order_by()
            .values_list("state")
            .annotate(count=models.Count("pk"))
            .values_list("state", "count")
        )
        return {state: found.get(state, 0) for state in Delivery.State.values}


class Delivery(models.Model):
    """One release for one subscriber: planned once, sent at most once.

    ``release`` is the original of the release ("the story"); ``version`` is the
    one the subscriber was sent, the translation in their language when it was
    public.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("At publication")
        EMBARGO = "embargo", _("Under embargo")

    # A release mailed to subscribers is unpublished, not deleted: its deliveries
    # say who received it, and keep a recovered release from going out again.
    release = models.ForeignKey(
        PressRelease,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("press release"),
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind, default=Kind.PUBLICATION
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.QUEUED
    )
    version = models.ForeignKey(
        PressRelease,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version sent"),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(
        _("accepted by the mail server"), null=True, blank=True
    )
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("planned"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "subscriber"], name="delivery_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=["queued", "sending", "sent", "failed", "cancelled"]
                ),
                name="delivery_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["publication", "embargo"]),
                name="delivery_kind_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["release", "state", "next_attempt_at"],
                name="delivery_due",
            ),
        ]

    def __str__(self):
        return f"{self.release} → {self.subscriber or _('(erased)')}"
