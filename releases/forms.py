from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_IMPORT_FILES = 50
MAX_IMPORT_FILE_SIZE = 256 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleTextFileField(forms.FileField):
    """Accept up to MAX_IMPORT_FILES .txt files of at most MAX_IMPORT_FILE_SIZE."""

    widget = MultipleFileInput(attrs={"accept": ".txt,text/plain"})

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
            if not upload.name.lower().endswith(".txt"):
                errors.append(
                    _("%(name)s: only .txt files can be imported.")
                    % {"name": upload.name}
                )
            elif upload.size > MAX_IMPORT_FILE_SIZE:
                errors.append(
                    _("%(name)s: the file is larger than %(limit)s.")
                    % {
                        "name": upload.name,
                        "limit": filesizeformat(MAX_IMPORT_FILE_SIZE),
                    }
                )
        if errors:
            raise ValidationError(errors)
        return files


class ImportUploadForm(forms.Form):
    files = MultipleTextFileField(label=_("Plain-text releases"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "One or more .txt files (UTF-8 or Windows-1252), at most %(count)d "
            "files of %(size)s each."
        ) % {"count": MAX_IMPORT_FILES, "size": filesizeformat(MAX_IMPORT_FILE_SIZE)}
