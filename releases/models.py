import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .markup import render_markdown


def user_reference(verbose_name):
    """Return a link to the user who did something, kept if the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class PartnerNation(models.Model):
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        primary_key=True,
        help_text=_("ISO 3166-1 alpha-2 code, in capitals: JP, AE, IN."),
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner nation")
        verbose_name_plural = _("partner nations")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z][A-Z]$"),
                name="partnernation_code_is_alpha2",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("releases:nation", kwargs={"code": self.code.lower()})

    @property
    def name(self):
        """Return the name in the active language."""
        return self.name_fr if get_language() == "fr" else self.name_en


class Topic(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme or mission")
        THEME = "theme", _("Theme")
        EVENT = "event", _("Event")

    name_en = models.CharField(_("name (English)"), max_length=150, unique=True)
    name_fr = models.CharField(
        _("name (French)"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty when the name is the same in French."),
    )
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["programme", "theme", "event"]),
                name="topic_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("releases:topic", kwargs={"slug": self.slug})

    @property
    def name(self):
        """Return the name in the active language."""
        if get_language() == "fr" and self.name_fr:
            return self.name_fr
        return self.name_en


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    role = models.CharField(
        _("current role"),
        max_length=200,
        blank=True,
        help_text=_(
            "The role held today. Each release keeps the role held on its date."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("releases:speaker", kwargs={"slug": self.slug})


class Contact(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    role = models.CharField(_("role"), max_length=150, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("As it should be printed: +33 (0)1 44 76 75 39."),
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def phone_uri(self):
        """Return the phone number as a tel: URI (+33144767539)."""
        number = self.phone.replace("(0)", "")
        digits = "".join(ch for ch in number if ch.isdigit())
        if not digits:
            return ""
        return f"tel:+{digits}" if number.lstrip().startswith("+") else f"tel:{digits}"


class PressReleaseQuerySet(models.QuerySet):
    def published(self):
        """Return the releases visible to the public: published, and due."""
        return self.filter(
            status=PressRelease.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self):
        """Return the published releases whose time has not come yet."""
        return self.filter(
            status=PressRelease.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def visible_to(self, user):
        """Return every release for editors who may preview, else the public ones."""
        if user.has_perm("releases.change_pressrelease"):
            return self.all()
        return self.published()

    def for_nations(self, nations, match_all=False):
        """Return releases concerning any (or, with match_all, all) of the nations."""
        codes = [getattr(nation, "code", nation) for nation in nations]
        if match_all:
            queryset = self
            for code in codes:
                queryset = queryset.filter(
                    Exists(
                        ReleaseNation.objects.filter(
                            release=OuterRef("pk"), nation_id=code
                        )
                    )
                )
            return queryset
        return self.filter(
            Exists(
                ReleaseNation.objects.filter(release=OuterRef("pk"), nation__in=codes)
            )
        )

    def for_topic(self, topic):
        return self.filter(
            Exists(
                PressRelease.topics.through.objects.filter(
                    pressrelease=OuterRef("pk"), topic=topic
                )
            )
        )

    def for_speaker(self, speaker):
        """Return releases in which the speaker is quoted or featured."""
        return self.filter(
            Exists(Quote.objects.filter(release=OuterRef("pk"), speaker=speaker))
            | Exists(
                ReleaseSpeaker.objects.filter(release=OuterRef("pk"), speaker=speaker)
            )
        )

    def for_language(self, language):
        """Return the releases in the language, and those in another language that
        have no public translation in it (shown as such)."""
        translated = PressRelease.objects.published().filter(language=language)
        return self.filter(
            Q(language=language)
            | (
                ~Exists(translated.filter(translation_of=OuterRef("pk")))
                & ~Exists(translated.filter(pk=OuterRef("translation_of")))
            )
        )

    def for_listing(self):
        """Load what a list of releases shows, in a fixed number of queries."""
        return self.defer("body", "body_html").prefetch_related(
            models.Prefetch(
                "partner_nations", queryset=PartnerNation.objects.order_by("name_en")
            )
        )


class PressRelease(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

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
        help_text=_(
            "Markdown: a blank line between paragraphs, “- ” for a bullet list, "
            "*italics*, **bold**, [a link](https://…)."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "A published release becomes public at this time: set it in the future "
            "to schedule (embargo) the release."
        ),
    )
    event_place = models.CharField(
        _("event place"),
        max_length=150,
        blank=True,
        help_text=_("Where the event took place: Tokyo, Paris."),
    )
    event_date = models.DateField(_("event date"), null=True, blank=True)
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
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("releases:detail", kwargs={"slug": self.slug})

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
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def related(self, limit=4):
        """Return public releases sharing a nation or a topic with this one, in the
        active language, leaving out its translation."""
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


class ReleaseNation(models.Model):
    class Category(models.TextChoices):
        UNSPECIFIED = "", _("Not specified")
        PARTNER = "partner", _("Long-standing partner")
        NEW_ENTRANT = "new_entrant", _("New entrant")

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE)
    nation = models.ForeignKey(PartnerNation, on_delete=models.PROTECT)
    category = models.CharField(
        _("partnership"),
        max_length=20,
        choices=Category,
        blank=True,
        default=Category.UNSPECIFIED,
        help_text=_("How the release presents the partnership, when it says so."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("partner nation")
        verbose_name_plural = _("partner nations")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "nation"], name="releasenation_unique"
            ),
            models.CheckConstraint(
                condition=Q(category__in=["", "partner", "new_entrant"]),
                name="releasenation_category_valid",
            ),
        ]

    def __str__(self):
        return f"{self.nation} – {self.release}"


class ReleaseContact(models.Model):
    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "contact"], name="releasecontact_unique"
            ),
        ]

    def __str__(self):
        return f"{self.contact} – {self.release}"


class ReleaseSpeaker(models.Model):
    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE)
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT)
    role = models.CharField(
        _("role at the time"),
        max_length=200,
        blank=True,
        help_text=_("The role as the release gives it: CNES President."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("featured speaker")
        verbose_name_plural = _("featured speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "speaker"], name="releasespeaker_unique"
            ),
        ]

    def __str__(self):
        return f"{self.speaker} – {self.release}"


class Quote(models.Model):
    release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="quotes"
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="quotes"
    )
    role = models.CharField(
        _("role at the time"),
        max_length=200,
        blank=True,
        help_text=_("The speaker's role on the release's date: CNES President."),
    )
    text = models.TextField(
        _("quotation"), help_text=_("Without quotation marks; *italics* allowed.")
    )
    text_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)


class SearchEntry(models.Model):
    """A release's row in SQLite's full-text index, kept by triggers (search.py).

    Declared only so that searches can join it; PostgreSQL has no such table.
    """

    release = models.OneToOneField(
        PressRelease,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="search_entry",
    )
    document = models.TextField(db_column="releases_search")
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "releases_search"
        default_permissions = ()

    def __str__(self):
        return f"Index entry of release {self.pk}"


class ContentVersion(models.Model):
    """The version of the public content, under which public pages are cached.

    A single row, given a new token whenever a release or anything it shows
    changes (releases/caching.py).
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

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
