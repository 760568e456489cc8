"""Upload several photos at once in the admin, then describe them in one table
(the photo library's pages: releases/admin/library.py)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import modelformset_factory
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import media
from ..models import Image

MAX_UPLOADS = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotosField(forms.FileField):
    """Up to MAX_UPLOADS photos at once, each checked by its content."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [super().clean(upload) for upload in uploads]
        if len(uploads) > MAX_UPLOADS:
            raise ValidationError(
                ngettext(
                    "Upload at most %(limit)d photo at a time.",
                    "Upload at most %(limit)d photos at a time.",
                    MAX_UPLOADS,
                )
                % {"limit": MAX_UPLOADS}
            )
        prepared, errors = [], []
        for upload in uploads:
            try:
                prepared.append(media.prepare_photo(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return prepared


class PhotoUploadForm(forms.Form):
    files = MultiplePhotosField(label=_("Photos"))
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        help_text=_("For every photo of this upload: © CNES/ESA/S. Martin."),
    )
    usage_terms = forms.ChoiceField(
        label=_("Usage terms"),
        choices=Image.UsageTerms,
        initial=Image.UsageTerms.EDITORIAL,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "JPEG or PNG, up to %(count)d at a time and %(total)s in all, "
            "%(size)s and %(pixels)s megapixels each at most. Their metadata "
            "(camera, GPS position) is removed; you describe them on the next page."
        ) % {
            "count": MAX_UPLOADS,
            "total": filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES),
            "size": filesizeformat(settings.MEDIA_MAX_IMAGE_BYTES),
            "pixels": f"{settings.MEDIA_MAX_IMAGE_PIXELS / 1_000_000:g}",
        }


def upload_view(model_admin, request):
    """Upload several photos at once, then describe them (describe_view)."""
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            images = [
                Image.objects.create(
                    file=prepared.content,
                    credit=form.cleaned_data["credit"],
                    usage_terms=form.cleaned_data["usage_terms"],
                    uploaded_by=request.user,
                    **prepared.fields,
                )
                for prepared in form.cleaned_data["files"]
            ]
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d photo uploaded: describe it for those who cannot "
                "see it, and in French.",
                "%(count)d photos uploaded: describe them for those who cannot "
                "see them, and in French.",
                len(images),
            )
            % {"count": len(images)},
            messages.SUCCESS,
        )
        ids = ",".join(str(image.pk) for image in images)
        return redirect(f"{reverse('admin:releases_image_describe')}?ids={ids}")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Upload photos"),
        "form": form,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/releases/image/upload.html", context)


def describe_view(model_admin, request):
    """Describe the photos just uploaded, all in one table."""
    ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
    DescriptionFormSet = modelformset_factory(
        Image,
        fields=["alt_text", "alt_text_fr", "caption", "caption_fr", "credit"],
        widgets={
            "caption": forms.Textarea(attrs={"rows": 3, "cols": 30}),
            "caption_fr": forms.Textarea(attrs={"rows": 3, "cols": 30}),
        },
        extra=0,
    )
    formset = DescriptionFormSet(
        request.POST or None, queryset=Image.objects.filter(pk__in=ids)
    )
    if request.method == "POST" and formset.is_valid():
        formset.save()
        model_admin.message_user(
            request, _("The photos are described."), messages.SUCCESS
        )
        return redirect("admin:releases_image_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Describe the photos"),
        "rows": [(form, model_admin.thumbnail(form.instance)) for form in formset],
        "formset": formset,
        "media": model_admin.media + formset.media,
    }
    return TemplateResponse(request, "admin/releases/image/describe.html", context)
