"""Reference data a release points to: partner nations, topics, speakers and
press contacts."""

import unicodedata

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..addresses import cached_reverse


def sort_key(name):
    """Sort names as a reader expects: Émirats with the Es, case ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _public_releases():
    from .releases import PressRelease  # releases.py imports this module

    return PressRelease.objects.published()


class PartnerNationQuerySet(models.QuerySet):
    def with_public_releases(self):
        """Return the nations that public releases name."""
        return self.filter(
            Exists(_public_releases().filter(partner_nations=OuterRef("pk")))
        )

    def named_by_public_releases(self, language):
        """Return the nations named by the public releases of ``language`` (see
        ``for_language``), sorted by name, each with their number of releases
        (``release_count``), from the counts kept as data (releases.counts), once
        per version of the public content."""
        from .. import counts
        from ..versioning import memoize  # versioning.py imports the models

        def find():
            named = counts.public_counts(language, "nation")
            nations = list(self.filter(code__in=named))
            for nation in nations:
                nation.release_count = named[nation.code]
            return sorted(nations, key=lambda nation: sort_key(nation.name))

        return memoize("nations", [language], find)

    def matching(self, term):
        """Return the nations that ``term`` names by code, English or French name
        or usual alias ("USA", "Russie"), best matches first (see
        releases.nation_search); ties sorted by name in the active language."""
        from ..nation_search import rank_nations

        names = self.values_list("code", "name_en", "name_fr")
        ranked = rank_nations(
            term,
            [PartnerNation(code=c, name_en=en, name_fr=fr) for c, en, fr in names],
            lambda nation: sort_key(nation.name),
        )
        position = Case(
            *(When(code=n.code, then=Value(i)) for i, n in enumerate(ranked)),
            default=Value(len(ranked)),
        )
        return self.filter(code__in=[n.code for n in ranked]).order_by(position)


class TopicQuerySet(models.QuerySet):
    def with_public_releases(self):
        """Return the topics of public releases."""
        return self.filter(Exists(_public_releases().filter(topics=OuterRef("pk"))))


class SpeakerQuerySet(models.QuerySet):
    def with_public_releases(self):
        """Return the speakers quoted or featured in public releases."""
        public = _public_releases()
        return self.filter(
            Exists(public.filter(quotes__speaker=OuterRef("pk")))
            | Exists(public.filter(speakers=OuterRef("pk")))
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

    objects = PartnerNationQuerySet.as_manager()

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
        return cached_reverse("releases:nation", code=self.code.lower())

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

    objects = TopicQuerySet.as_manager()

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
        return cached_reverse("releases:topic", slug=self.slug)

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

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("releases:speaker", slug=self.slug)


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
