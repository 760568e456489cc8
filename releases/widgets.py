"""Choice widgets that write their HTML in Python.

Django renders each option of a choice widget through the template engine, which
costs tens of milliseconds for the archive's 250 partner nations on every page
view. These widgets write the same markup as Django's (values, labels, ids,
selection, attributes) directly, for flat choices (no option groups).
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


def _attributes(attrs):
    """Return the attributes as HTML, with True as a bare name, False left out."""
    pairs = {name: value for name, value in attrs.items() if value not in (True, False)}
    bare = "".join(f" {escape(name)}" for name, value in attrs.items() if value is True)
    return flatatt(pairs) + bare


class UpperCaseValuesMixin:
    """Read the values in capitals: ?nation=jp is JP, and shows as chosen."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return [value.upper() for value in values]


class FlatChoicesMixin:
    def options(self, value):
        """Yield (index, value, label, is_selected) of each choice, as strings."""
        selected = {str(v) for v in self.format_value(value)}
        for index, (option_value, label) in enumerate(self.choices):
            option_value = "" if option_value is None else str(option_value)
            yield index, option_value, str(label), option_value in selected


class CheckboxList(FlatChoicesMixin, forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = escape(attrs["id"]) if attrs.get("id") else None
        name = escape(name)
        items = []
        for index, option_value, label, checked in self.options(value):
            label_for = option_id = ""
            if base_id:
                label_for = f' for="{base_id}_{index}"'
                option_id = f' id="{base_id}_{index}"'
            items.append(
                f"<div><label{label_for}>"
                f'<input type="checkbox" name="{name}" value="{escape(option_value)}"'
                f"{option_id}{' checked' if checked else ''}>"
                f" {escape(label)}</label></div>"
            )
        return mark_safe(f"<div{_attributes(attrs)}>{''.join(items)}</div>")


class SelectList(FlatChoicesMixin, forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        items = "".join(
            f'<option value="{escape(option_value)}"'
            f"{' selected' if selected else ''}>{escape(label)}</option>"
            for _index, option_value, label, selected in self.options(value)
        )
        return mark_safe(
            f'<select name="{escape(name)}"{_attributes(attrs)}>{items}</select>'
        )
