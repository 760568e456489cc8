from importlib import import_module

import pytest

# The SMTP server and mail worker fixtures of the distribution tests.
pytest_plugins = ["tests.mail_servers"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test without the pages cached by the others."""
    from django.core.cache import cache

    cache.clear()


# The rows the data migrations create. A transactional test ends with a flush that
# removes them, so each transactional test after it gets them back.
DATA_MIGRATIONS = [
    ("releases", "0002_partner_nations", "add_nations"),
    ("releases", "0003_editors_group", "create_editors_group"),
    ("staff", "0002_staff_readers_group", "create_staff_readers_group"),
    ("releases", "0007_publishers_group", "create_publishers_group"),
    ("distribution", "0002_press_office_permissions", "grant"),
]


@pytest.fixture(autouse=True)
def _migrated_data(request):
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    from django.db.migrations.loader import MigrationLoader

    from releases.models import PartnerNation

    request.getfixturevalue("transactional_db")
    if PartnerNation.objects.exists():
        return
    apps = MigrationLoader(None, ignore_no_migrations=True).project_state().apps
    for app, name, function in DATA_MIGRATIONS:
        getattr(import_module(f"{app}.migrations.{name}"), function)(apps, None)
