from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from .limits import BODY_MAX_LENGTH
from .models import PressRelease

MAX_IMPORT_FILES = 50
MAX_IMPORT_FILE_SIZE = 256 * 1024
MAX_IMPORT_DOCX_SIZE = 5 * 1024 * 1024
WORD_DOCUMENT = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleTextFileField(forms.FileField):
    """Accept up to MAX_IMPORT_FILES files: .txt files of at most
    MAX_IMPORT_FILE_SIZE, Word documents (.docx) of at most MAX_IMPORT_DOCX_SIZE."""

    widget = MultipleFileInput(
        attrs={"accept": f".txt,.docx,text/plain,{WORD_DOCUMENT}"}
    )

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [super().clean(upload, initial) for upload in files or [None]]
        if len(files) > MAX_IMPORT_FILES:
            raise ValidationError(
                ngettext_lazy(
                    "Upload at most %(limit)d file at a time.",
                    "Upload at most %(limit)d files at a time.",
                    MAX_IMPORT_FILES,
                )
                % {"limit": MAX_IMPORT_FILES}
            )
        errors = []
        for upload in files:
            name = upload.name.lower()
            limit = (
                MAX_IMPORT_DOCX_SIZE if name.endswith(".docx") else MAX_IMPORT_FILE_SIZE
            )
            if name.endswith(".docm"):
                errors.append(
                    _(
                        "%(name)s: Word documents with macros (.docm) are refused; "
                        "save it as a .docx."
                    )
                    % {"name": upload.name}
                )
            elif not name.endswith((".txt", ".docx")):
                errors.append(
                    _("%(name)s: only .txt and .docx files can be imported.")
                    % {"name": upload.name}
                )
            elif upload.size > limit:
                errors.append(
                    _("%(name)s: the file is larger than %(limit)s.")
                    % {"name": upload.name, "limit": filesizeformat(limit)}
                )
        if errors:
            raise ValidationError(errors)
        return files


class ImportUploadForm(forms.Form):
    files = MultipleTextFileField(label=_("Release files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "One or more plain-text files (.txt, UTF-8 or Windows-1252) of at most "
            "%(size)s or Word documents (.docx, without macros) of at most "
            "%(docx_size)s; at most %(count)d files at a time."
        ) % {
            "count": MAX_IMPORT_FILES,
            "size": filesizeformat(MAX_IMPORT_FILE_SIZE),
            "docx_size": filesizeformat(MAX_IMPORT_DOCX_SIZE),
        }


class PressReleaseAdminForm(forms.ModelForm):
    """Refuse to save over a change made since the form was opened.

    The form carries the release's ``updated_at`` as loaded; on save, the row is
    locked and compared with it (optimistic locking).

    Its script (static/js/release_editor.js) previews the body and counts the
    title's characters.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Media:
        css = {"all": ["css/release_editor.css"]}
        js = [forms.Script("js/release_editor.js", defer=True)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            # The browser stops there as the editor types (the model validates).
            self.fields["body"].widget.attrs["maxlength"] = BODY_MAX_LENGTH
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = version_of(self.instance.updated_at)
        if "title" in self.fields:
            count_instead_of_cutting(self.fields["title"])

    def clean_published_at(self):
        """Keep the stored date when the form shows it unchanged: the form has the
        second, the publish action dates a release to the microsecond, and a
        date moved by a fraction of a second is a new publication."""
        value, stored = self.cleaned_data["published_at"], self.instance.published_at
        if value is not None and stored is not None:
            if value == stored.replace(microsecond=0):
                return stored
        return value

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self.check_unchanged(cleaned_data.get("loaded_version"))
        return cleaned_data

    def check_unchanged(self, loaded_version):
        current = (
            PressRelease.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("updated_at", "updated_by")
            .first()
        )
        if current is None or version_of(current["updated_at"]) == loaded_version:
            return
        user = get_user_model().objects.filter(pk=current["updated_by"]).first()
        changed_at = timezone.localtime(current["updated_at"])
        raise ValidationError(
            _(
                "Someone else changed this release since you opened it: %(user)s, "
                "on %(date)s at %(time)s. Your changes were not saved; copy them, "
                "reload the page and apply them again."
            ),
            code="changed_since_opened",
            params={
                "user": (user.get_full_name() or user.get_username())
                if user
                else _("an import or another program"),
                "date": formats.date_format(changed_at, "DATE_FORMAT"),
                "time": formats.time_format(changed_at, "H:i"),
            },
        )


def version_of(updated_at):
    return updated_at.isoformat()


def count_instead_of_cutting(field):
    """Let a text ``field`` take more than its limit, and refuse it then, saying
    the limit and the length: a maxlength attribute would cut a pasted text
    without a word. The editor's script counts the characters as they come."""
    limit = field.max_length
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs.update(
        {
            "data-max-length": limit,
            "data-counter": _("%(count)s of %(limit)s characters"),
            "data-counter-over": _("%(count)s of %(limit)s characters: shorten it."),
        }
    )
    field.help_text = ngettext(
        "At most %(limit)d character.", "At most %(limit)d characters.", limit
    ) % {"limit": limit}
    field.error_messages["max_length"] = ngettext_lazy(
        "At most %(limit_value)d character: this one has %(show_value)d. "
        "Shorten it; nothing was cut.",
        "At most %(limit_value)d characters: this one has %(show_value)d. "
        "Shorten it; nothing was cut.",
        "limit_value",
    )
