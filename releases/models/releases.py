"""The press release itself (its queries are in querysets.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..addresses import cached_reverse
from ..dates import END_MOMENT, FIRST_DATE, FIRST_MOMENT, LAST_DATE, validate_in_range
from ..limits import validate_body_length
from ..markup import holds_text, render_markdown, visible_text
from .fields import user_reference
from .querysets import PressReleaseQuerySet
from .reference import Contact, PartnerNation, Speaker, Topic, sort_key


class PressRelease(models.Model):
    # The title and snippet with the words found, set by search_releases() on the
    # releases it returns (a list of releases then shows them).
    search_title = search_snippet = None

    class Status(models.TextChoices):
        """What the editors chose: keep the release as a draft, or publish it (at
        its publication date)."""

        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class State(models.TextChoices):
        """Where a release stands, from its status, its date and its review.

        Draft, scheduled and published say what the public sees of it. Submitted
        and changes pending are narrower: a draft submitted for review, a
        scheduled or published release with changes waiting for a publisher. A
        release is in the most specific state that fits; ``in_state()`` selects
        by the same rule, so ``in_state(PUBLISHED)`` keeps every public release,
        changes pending or not.
        """

        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CHANGES_PENDING = "changes_pending", _("Changes pending")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text=_("The end of the release's address; filled from the title."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    translation_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translated_as",
        verbose_name=_("translation of"),
        help_text=_(
            "For a translation only: the original release, in the other language. "
            "Each page then offers the other version."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in lists, feeds and search results."),
    )
    body = models.TextField(
        _("body"),
        validators=[validate_body_length],
        help_text=_(
            "Markdown: a blank line between paragraphs, “- ” for a bullet list, "
            "*italics*, **bold**, [a link](https://…). At most 100,000 characters."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    # What a reader of the body sees, without tags or Markdown: what the search
    # indexes and quotes (releases.search).
    body_text = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_in_range],
        help_text=_(
            "A published release becomes public at this time: set it in the future "
            "to schedule (embargo) the release. From 1950 to 2100."
        ),
    )
    event_place = models.CharField(
        _("event place"),
        max_length=150,
        blank=True,
        help_text=_("Where the event took place: Tokyo, Paris."),
    )
    event_date = models.DateField(
        _("event date"),
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text=_("The day the event took place, from 1950 to 2100."),
    )
    source_url = models.URLField(
        _("source link"),
        max_length=500,
        blank=True,
        help_text=_("The “View online” address of the original release."),
    )
    partner_nations = models.ManyToManyField(
        PartnerNation,
        through="ReleaseNation",
        related_name="releases",
        blank=True,
        verbose_name=_("partner nations"),
    )
    topics = models.ManyToManyField(
        Topic, related_name="releases", blank=True, verbose_name=_("topics")
    )
    contacts = models.ManyToManyField(
        Contact,
        through="ReleaseContact",
        related_name="releases",
        blank=True,
        verbose_name=_("press contacts"),
    )
    speakers = models.ManyToManyField(
        Speaker,
        through="ReleaseSpeaker",
        related_name="featured_in",
        blank=True,
        verbose_name=_("featured speakers"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = user_reference(_("created by"))
    updated_by = user_reference(_("last changed by"))
    submitted_at = models.DateTimeField(
        _("submitted for review"), null=True, blank=True, editable=False
    )
    submitted_by = user_reference(_("submitted by"))

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        permissions = [
            (
                "publish_pressrelease",
                _("Can publish, unpublish and schedule press releases"),
            ),
        ]
        indexes = [
            # Counting the public releases of a language reads only this index,
            # not the table's rows, which hold the bodies.
            # The date leads: led by the status, SQLite (without statistics) would
            # take an equality on it for a narrow choice, and start a full-text
            # search from the releases instead of from the search index.
            models.Index(
                fields=["published_at", "status", "language", "translation_of"],
                name="pressrelease_listing",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="pressrelease_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="pressrelease_published_has_date",
                violation_error_message=_(
                    "A published release needs a publication date: set one, or "
                    "keep the release as a draft."
                ),
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]),
                name="pressrelease_language_valid",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="pressrelease_title_not_empty",
            ),
            # The range of releases.dates, which the forms check first.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(published_at__gte=FIRST_MOMENT, published_at__lt=END_MOMENT),
                name="pressrelease_published_at_in_range",
            ),
            models.CheckConstraint(
                condition=Q(event_date__isnull=True)
                | Q(event_date__range=(FIRST_DATE, LAST_DATE)),
                name="pressrelease_event_date_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.body_text = visible_text(self.body_html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "body_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("releases:detail", slug=self.slug)

    def clean(self):
        original = self.translation_of
        if original is None:
            return
        if original.pk == self.pk:
            raise ValidationError(
                {"translation_of": _("A release cannot be its own translation.")}
            )
        if original.language == self.language:
            raise ValidationError(
                {"translation_of": _("The original must be in the other language.")}
            )
        if original.translation_of_id is not None or (
            self.pk is not None
            and PressRelease.objects.filter(translation_of=self.pk).exists()
        ):
            raise ValidationError(
                {
                    "translation_of": _(
                        "Link a translation to its original: that release is itself "
                        "a translation, or this one already has a translation."
                    )
                }
            )

    def nations_by_name(self):
        """Return the partner nations, sorted by their names in the active
        language (a list of releases prefetches them: ``for_listing``)."""
        return sorted(
            self.partner_nations.all(), key=lambda nation: sort_key(nation.name)
        )

    def photos(self):
        """Return the release's photos in their order, the lead photo first (pages
        prefetch them with their links: ``Prefetch("releaseimage_set", ...)``)."""
        links = getattr(self, "_prefetched_objects_cache", {}).get("releaseimage_set")
        if links is None:
            links = self.releaseimage_set.select_related("image")
        return [link.image for link in links]

    @property
    def lead_image(self):
        """Return the release's lead photo (its first), or None."""
        photos = self.photos()
        return photos[0] if photos else None

    def get_translation(self):
        """Return the release's version in the other language, or None."""
        try:
            return self.translated_as
        except PressRelease.DoesNotExist:
            return self.translation_of

    def is_published(self):
        """Return whether the public can see the release now."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        """Return whether the release is published with a date still to come."""
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def embargoed_until(self):
        """Return the release's date if it is still to come (a scheduled release,
        or a draft given a date), else None."""
        if self.published_at is not None and self.published_at > timezone.now():
            return self.published_at
        return None

    @property
    def state(self):
        """Return where the release stands (a ``PressRelease.State``); the
        queryset's ``in_state()`` applies the same rule."""
        if self.status == self.Status.DRAFT:
            if self.submitted_at is not None:
                return self.State.SUBMITTED
            return self.State.DRAFT
        if self.has_pending_change:
            return self.State.CHANGES_PENDING
        if self.is_scheduled():
            return self.State.SCHEDULED
        return self.State.PUBLISHED

    @cached_property
    def pending_change(self):
        """Return the release's changes waiting for a publisher, or None."""
        from .review import PendingChange  # review.py imports this module

        if self.pk is None:
            return None
        return (
            PendingChange.objects.filter(
                release=self, state=PendingChange.State.PENDING
            )
            .select_related("author")
            .first()
        )

    @cached_property
    def has_pending_change(self):
        """Tell whether the release has changes waiting for a publisher (lists
        read it from ``with_review()``)."""
        return self.pending_change is not None

    def quotes_outside_body(self):
        """Return the quotes the body does not already show in place, for a block
        of their own (an imported release's quotes are all in its body)."""
        return [
            quote
            for quote in self.quotes.all()
            if not holds_text(self.body, quote.text)
        ]

    def related(self, limit=4):
        """Return public releases sharing a nation or a topic with this one, in the
        active language, leaving out its translation."""
        from .links import ReleaseNation  # links.py imports this module

        nations = ReleaseNation.objects.filter(
            release=OuterRef("pk"),
            nation__in=ReleaseNation.objects.filter(release=self).values("nation"),
        )
        topics = PressRelease.topics.through.objects.filter(
            pressrelease=OuterRef("pk"),
            topic__in=PressRelease.topics.through.objects.filter(
                pressrelease=self
            ).values("topic"),
        )
        return (
            PressRelease.objects.published()
            .for_language(get_language())
            .exclude(pk=self.pk)
            .exclude(pk=self.translation_of_id)
            .exclude(translation_of=self)
            .filter(Exists(nations) | Exists(topics))
            .for_listing()[:limit]
        )
