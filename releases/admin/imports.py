"""The admin's "Import releases" page: upload, review what was understood, confirm."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..forms import ImportUploadForm
from ..importer import ParseError, parse_release, release_text
from ..loading import CREATED, UNCHANGED, UPDATED, save_parsed_release

SESSION_KEY = "releases_import"


def parse_upload(name, data):
    """Return (release text, parsed release, error message) for one uploaded file."""
    try:
        text = release_text(name, data)
        return text, parse_release(text), ""
    except ParseError as error:
        return "", None, str(error)


def import_view(model_admin, request):
    """Show the upload form, then the review of each file, then import the chosen."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import releases"),
    }
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(model_admin, request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
    else:
        form = ImportUploadForm()
    if form.is_bound and form.is_valid():
        results, pending = [], []
        for upload in form.cleaned_data["files"]:
            text, parsed, error = parse_upload(upload.name, upload.read())
            result = {"name": upload.name, "parsed": parsed, "error": error}
            if parsed:
                result["index"] = len(pending)
                pending.append((upload.name, text))
            results.append(result)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {"token": token, "files": pending}
        context.update(results=results, token=token, importable=len(pending))
        return TemplateResponse(
            request, "admin/releases/pressrelease/import_review.html", context
        )
    context["form"] = form
    return TemplateResponse(request, "admin/releases/pressrelease/import.html", context)


def confirm(model_admin, request):
    pending = request.session.get(SESSION_KEY) or {}
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(
            request,
            _("This import has expired or was already done: upload the files again."),
        )
        return redirect("admin:releases_pressrelease_import")
    chosen = set(request.POST.getlist("file"))
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
    failures = []
    for index, (name, text) in enumerate(pending["files"]):
        if str(index) not in chosen:
            continue
        people = request.POST.getlist(f"people-{index}")
        try:
            outcome = save_parsed_release(
                parse_release(text), user=request.user, featured_people=people
            )
        except (ParseError, DatabaseError, PermissionDenied) as error:
            failures.append(f"{name}: {error}")
            continue
        counts[outcome.result] += 1
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _(
            "Import done: %(created)d created (as drafts), %(updated)d updated, "
            "%(unchanged)d unchanged."
        )
        % counts,
    )
    for failure in failures:
        messages.error(request, failure)
    return redirect("admin:releases_pressrelease_changelist")
