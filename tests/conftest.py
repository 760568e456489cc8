from importlib import import_module

import pytest
from freezegun import freeze_time

# The SMTP server and mail worker fixtures of the distribution tests.
pytest_plugins = ["tests.mail_servers"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests read what they write at once: only tests/test_replica.py reads from a
    # replica (DATABASE_REPLICA_URLS), whose replay of the primary lags.
    settings.DATABASE_REPLICAS = []
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Give each test an empty media directory of its own, never the project's."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


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
    ("releases", "0014_media_permissions", "grant_media_permissions"),
    ("distribution", "0002_press_office_permissions", "grant"),
]


def add_migrated_data():
    """Create the rows the data migrations create, as in a new database."""
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(None, ignore_no_migrations=True).project_state().apps
    for app, name, function in DATA_MIGRATIONS:
        getattr(import_module(f"{app}.migrations.{name}"), function)(apps, None)


@pytest.fixture(autouse=True)
def _migrated_data(request):
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    from releases.models import PartnerNation

    request.getfixturevalue("transactional_db")
    if not PartnerNation.objects.exists():
        add_migrated_data()


@pytest.fixture
def mid_june_2025():
    """Freeze the time at 15 June 2025, 10:00 UTC (the staff tests' now)."""
    with freeze_time("2025-06-15 10:00:00+00:00"):
        yield


def log_in(client, username, group):
    from tests.factories import make_user

    user = make_user(username, groups=[group])
    client.force_login(user)
    return user


@pytest.fixture
def editor(db, client):
    """Log the test client in as a member of the Editors group; return the user."""
    return log_in(client, "editor", "Editors")


@pytest.fixture
def publisher(db, client):
    """Log the test client in as a publisher; return the user."""
    return log_in(client, "publisher", "Publishers")


@pytest.fixture
def reader(db, client):
    """Log the test client in as a staff reader; return the user."""
    from tests.factories import STAFF_READERS

    return log_in(client, "reader", STAFF_READERS)
