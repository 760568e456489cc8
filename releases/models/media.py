"""The media library: photos and documents, and the links that give a release its
own, in order.

What is stored is checked and cleaned first (releases/media.py): a photo is fully
decoded and stripped of its metadata, a document is opened by its format's rules,
and both are stored under a name made from their content, never the uploader's.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..addresses import cached_reverse
from .fields import user_reference
from .releases import PressRelease


def photo_path(image, filename):
    """Name a photo after its content (the uploader's file name is never used)."""
    return f"photos/{image.content_hash}.{image.EXTENSIONS[image.file_format]}"


def document_path(document, filename):
    """Name a document after its content (the uploader's file name is never used)."""
    return f"documents/{document.content_hash}.{document.file_format}"


class LibraryFile(models.Model):
    """What photos and documents share: a file checked and cleaned as it comes
    (``prepare()``), who uploaded it when, and the facts learnt from its content.

    The checked and cleaned content of a new upload is stored, with what was
    learnt about it (format, size, content hash), however the object is created:
    a form checks it in clean_fields() and shows the errors, save() checks it if
    no form did, and refuses it (ValidationError) rather than store it.
    """

    file_size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    content_hash = models.CharField(max_length=32, db_index=True, editable=False)
    uploaded_at = models.DateTimeField(
        _("uploaded"), default=timezone.now, editable=False
    )
    uploaded_by = user_reference(_("uploaded by"))

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def save(self, *args, **kwargs):
        self._check_new_file()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "file" not in errors and not (exclude and "file" in exclude):
            try:
                self._check_new_file()
            except ValidationError as error:
                errors["file"] = error.error_list
        if errors:
            raise ValidationError(errors)

    def _check_new_file(self):
        if not self.file or self.file._committed:
            return
        if getattr(self.file.file, "is_prepared", False):
            return
        prepared = self.prepare(self.file)
        for name, value in prepared.fields.items():
            setattr(self, name, value)
        self.file = prepared.content

    @property
    def content_type(self):
        return self.CONTENT_TYPES[self.file_format]


class Image(LibraryFile):
    """A photo of the library, which releases show in the order they choose."""

    class UsageTerms(models.TextChoices):
        EDITORIAL = "editorial", _("Free of rights for editorial use, with the credit")
        THIS_RELEASE = (
            "this_release",
            _("For articles about this release only, with the credit"),
        )
        RESERVED = "reserved", _("All rights reserved: ask the press office")

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    EXTENSIONS = {Format.JPEG: "jpg", Format.PNG: "png"}
    CONTENT_TYPES = {Format.JPEG: "image/jpeg", Format.PNG: "image/png"}

    file = models.ImageField(_("photo"), upload_to=photo_path, max_length=200)
    alt_text = models.CharField(
        _("alternative text (English)"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for those who cannot see it: “Ariane 6 lifting "
            "off from Kourou at night”. Not the credit, not “photo of”."
        ),
    )
    alt_text_fr = models.CharField(
        _("alternative text (French)"), max_length=300, blank=True
    )
    caption = models.TextField(
        _("caption (English)"),
        blank=True,
        help_text=_("Shown under the photo: who, what, where, when."),
    )
    caption_fr = models.TextField(_("caption (French)"), blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        help_text=_("As it must be printed: © CNES/ESA/Arianespace/S. Martin."),
    )
    usage_terms = models.CharField(
        _("usage terms"),
        max_length=20,
        choices=UsageTerms,
        default=UsageTerms.EDITORIAL,
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    file_format = models.CharField(
        _("format"), max_length=4, choices=Format, editable=False
    )
    releases = models.ManyToManyField(
        PressRelease,
        through="ReleaseImage",
        related_name="images",
        blank=True,
        verbose_name=_("used by"),
    )

    class Meta(LibraryFile.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(usage_terms__in=["editorial", "this_release", "reserved"]),
                name="image_usage_terms_valid",
            ),
        ]

    def __str__(self):
        text = self.caption or self.alt_text or self.file.name
        if len(text) > 80:
            text = text[:79].rstrip() + "…"
        return f"{text} ({self.credit})" if self.credit else text

    def prepare(self, upload):
        from ..media import prepare_photo

        return prepare_photo(upload)

    def localized(self, name):
        """Return the text ``name`` (alt_text or caption) in the active language,
        else in the other one, with the code of the language returned."""
        english, french = getattr(self, name), getattr(self, f"{name}_fr")
        if get_language() == "fr":
            return (french, "fr") if french else (english, "en")
        return (english, "en") if english else (french, "fr")

    @property
    def megapixels(self):
        return round(self.width * self.height / 1_000_000, 1)

    @property
    def download_url(self):
        """Return the address of the photo in high definition, to download."""
        return cached_reverse(
            "media:photo",
            content_hash=self.content_hash,
            extension=self.EXTENSIONS[self.file_format],
        )

    @property
    def rendition_width(self):
        """Return the width of the default rendition (``rendition_url()``)."""
        from .. import renditions

        return renditions.default_width(self)

    @property
    def rendition_height(self):
        from .. import renditions

        return renditions.height_at(self, renditions.default_width(self))

    def rendition_url(self, width=None, extension="jpg"):
        """Return the address of a rendition: by default the JPEG that link
        previews, feeds and e-mails show (releases/renditions.py)."""
        from .. import renditions

        width = width or renditions.default_width(self)
        return renditions.url(self, width, extension)


class Document(LibraryFile):
    """A document of the library (PDF or office format), attached to releases."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        PPTX = "pptx", "PowerPoint (PPTX)"
        ODT = "odt", "OpenDocument Text (ODT)"
        ODS = "ods", "OpenDocument Spreadsheet (ODS)"
        ODP = "odp", "OpenDocument Presentation (ODP)"

    CONTENT_TYPES = {
        Format.PDF: "application/pdf",
        Format.DOCX: "application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document",
        Format.XLSX: "application/vnd.openxmlformats-officedocument."
        "spreadsheetml.sheet",
        Format.PPTX: "application/vnd.openxmlformats-officedocument."
        "presentationml.presentation",
        Format.ODT: "application/vnd.oasis.opendocument.text",
        Format.ODS: "application/vnd.oasis.opendocument.spreadsheet",
        Format.ODP: "application/vnd.oasis.opendocument.presentation",
    }

    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("As journalists will see it: “Press kit: the SVOM mission”."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=PressRelease.Language,
        default=PressRelease.Language.ENGLISH,
    )
    file_format = models.CharField(
        _("format"), max_length=4, choices=Format, editable=False
    )
    page_count = models.PositiveIntegerField(
        _("pages"), null=True, blank=True, editable=False
    )
    releases = models.ManyToManyField(
        PressRelease,
        through="ReleaseDocument",
        related_name="documents",
        blank=True,
        verbose_name=_("used by"),
    )

    class Meta(LibraryFile.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]),
                name="document_language_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def prepare(self, upload):
        from ..documents import prepare_document

        return prepare_document(upload)

    @property
    def download_url(self):
        return cached_reverse(
            "media:document",
            content_hash=self.content_hash,
            extension=self.file_format,
        )


# Rows added by ``release.images.add(image)`` have no position (add() creates them
# in bulk, without save()): they come after the numbered ones, in the order added.
IN_ORDER = [F("position").asc(nulls_last=True), "pk"]


class ReleaseImage(models.Model):
    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE)
    image = models.ForeignKey(Image, on_delete=models.PROTECT, verbose_name=_("photo"))
    position = models.PositiveSmallIntegerField(
        _("position"),
        null=True,
        blank=True,
        help_text=_("1 is the lead photo. Left empty, the photo comes last."),
    )

    class Meta:
        ordering = IN_ORDER
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "image"], name="releaseimage_unique"
            ),
        ]

    def __str__(self):
        return f"{self.release} – {self.image}"


class ReleaseDocument(models.Model):
    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, verbose_name=_("document")
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        null=True,
        blank=True,
        help_text=_("Documents are listed by position; left empty, last."),
    )

    class Meta:
        ordering = IN_ORDER
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "document"], name="releasedocument_unique"
            ),
        ]

    def __str__(self):
        return f"{self.release} – {self.document}"
