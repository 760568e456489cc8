"""Build the POST data of an admin change form as a browser would send it."""

from django import forms
from django.urls import reverse


def change_url(release):
    """Return the address of the release's change form in the admin."""
    return reverse("admin:releases_pressrelease_change", args=[release.pk])


def change_form_data(response, **changes):
    """Return the data of the change form in ``response``, with ``changes``."""
    context = response.context
    all_forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        all_forms.append(inline.formset.management_form)
        all_forms.extend(inline.formset.forms)
    data = {}
    for form in all_forms:
        for bound in form:
            data.update(field_data(bound))
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def field_data(bound):
    value = bound.value()
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        return {
            f"{bound.html_name}_{index}": "" if part is None else str(part)
            for index, part in enumerate(parts)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on" if value else None}
    if isinstance(value, list | tuple):
        return {bound.html_name: [str(item) for item in value]}
    return {bound.html_name: "" if value is None else str(value)}
