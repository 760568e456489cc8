"""What links a release to its nations, contacts and speakers, and its quotes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..markup import render_markdown
from .reference import Contact, PartnerNation, Speaker
from .releases import PressRelease


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
