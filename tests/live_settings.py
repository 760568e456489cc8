"""Settings of a gunicorn started by the tests (tests/test_oversized.py): the
site's own, with static files served without a manifest (none is collected)."""

from cnespress.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
