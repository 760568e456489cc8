"""The URL converter of nation codes, shared by the public site and the staff
workspace: ``<nation:code>`` takes two letters, and is reversed in lower case.

It is registered when the app is ready (``ReleasesConfig.ready``), before any URL
pattern is read.
"""

from django.urls import register_converter


class NationCodeConverter:
    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.lower()


register_converter(NationCodeConverter, "nation")
