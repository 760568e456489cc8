"""Settings for cnespress, read from the environment.

Defaults are safe for a developer's machine; production sets DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and DATABASE_URL (see docs/deploy.md and .env.example).
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cnespress.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG")

# Without DJANGO_SECRET_KEY, a development server (DEBUG) uses a fixed, public key so
# that logins survive its reloads; any other process makes up a throw-away key.
# Nothing secret is committed, and `check --deploy` warns (releases.checks).
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("DJANGO_SECRET_KEY"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "django-insecure-development-only" if DEBUG else get_random_secret_key()
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "axes",
    "django_tasks_db",
    "releases",
    "staff",
    "distribution",
]

MIDDLEWARE = [
    "cnespress.health.HealthCheckMiddleware",
    "cnespress.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cnespress.outages.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cnespress.errors.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cnespress.db_routing.ReplicaRoutingMiddleware",
    "releases.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "cnespress.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cnespress.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging lets readers and a writer work at once; IMMEDIATE
    # transactions make concurrent writers wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The tests' database is a file, so that the mail worker they start in a
    # separate process (tests/mail_servers.py) shares it; one per test run.
    DATABASES["default"]["TEST"] = {
        "NAME": Path(tempfile.gettempdir()) / f"cnespress-test-{os.getpid()}.sqlite3"
    }


def replica_databases(urls):
    """Return the DATABASES entries of the read replicas at ``urls``: replica1,
    replica2... In tests, each reads the primary's test database, which streaming
    replication brings to a standby (Django's MIRROR test setting)."""
    return {
        f"replica{number}": {
            **dj_database_url.parse(
                url,
                conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
                conn_health_checks=True,
            ),
            "TEST": {"MIRROR": "default"},
        }
        for number, url in enumerate(urls, start=1)
    }


# Read replicas: anonymous visitors read public pages from them, the rest reads
# from the primary (cnespress/db_routing.py).
DATABASES.update(replica_databases(env_list("DATABASE_REPLICA_URLS")))
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
# How long a visitor reads from the primary after a request of theirs wrote: more
# than the replicas lag behind it.
DATABASE_PRIMARY_AFTER_WRITE = int(
    os.environ.get("DJANGO_PRIMARY_AFTER_WRITE_SECONDS", "15")
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASE_ROUTERS = [
    "cnespress.db_routing.ReplicaRouter",
    "releases.search.SearchIndexRouter",
]


def cache_from_url(url):
    """Return a Django cache from locmem://, redis://host:6379/0,
    memcached://host:11211 (several servers separated by commas) or dummy://.

    A Redis or memcached server that does not answer within a second is a cache
    miss, logged once (cnespress/cache.py), never an error page.
    """
    scheme, _, location = url.partition("://")
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "cnespress.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if scheme == "memcached":
        return {
            "BACKEND": "cnespress.cache.ResilientPyMemcacheCache",
            "LOCATION": location.split(","),
            "OPTIONS": {"connect_timeout": 1, "timeout": 1},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }


CACHES = {"default": cache_from_url(os.environ.get("DJANGO_CACHE_URL", "locmem://"))}
# Anonymous public pages are cached whole (releases/page_cache.py).
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "default"
# After the database or the cache server fails, each process leaves it alone for
# this long (the database: answering 503 with this Retry-After; the cache:
# serving pages uncached), then tries again (cnespress/outages.py).
OUTAGE_RETRY_SECONDS = int(os.environ.get("DJANGO_OUTAGE_RETRY_SECONDS", "10"))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Photos and documents (releases/media.py): on the local disk by default, served by
# the app itself (releases/downloads.py); DJANGO_MEDIA_STORAGE=s3 keeps them in an
# S3-compatible bucket instead (django-storages; untested here, see docs/media.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("DJANGO_MEDIA_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_MEDIA_S3_REGION") or None,
            "location": os.environ.get("DJANGO_MEDIA_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Limits of an upload, checked on its content (releases/media.py).
MEDIA_MAX_IMAGE_BYTES = int(os.environ.get("DJANGO_MEDIA_MAX_IMAGE_MB", "40")) * 2**20
MEDIA_MAX_IMAGE_PIXELS = int(
    float(os.environ.get("DJANGO_MEDIA_MAX_IMAGE_MEGAPIXELS", "60")) * 1_000_000
)
MEDIA_MAX_DOCUMENT_BYTES = (
    int(os.environ.get("DJANGO_MEDIA_MAX_DOCUMENT_MB", "50")) * 2**20
)

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The largest upload: one request with files (photos, a document, files to
# import), all its files together; a larger one gets cnespress.errors' 413. The
# reverse proxy must let it through (nginx's client_max_body_size, docs/deploy.md).
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("DJANGO_UPLOAD_MAX_MB", "100")) * 2**20

# The largest request body Django reads (file uploads aside), Django's default,
# stated: a release's longest body (releases.limits, 100,000 characters) takes at
# most 1.2 MB URL-encoded (4 bytes a character, 3 characters a byte), leaving
# room for the rest of the form. A larger request gets cnespress.errors' 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
LOGIN_URL = "admin:login"

# Lock out an account, and an address, after repeated failed logins (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success clears the failures of its own account from its own address only.
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "cnespress.security.LoginAttemptHandler"
AXES_CLIENT_IP_CALLABLE = "cnespress.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None


def trusted_proxies(behind_proxy):
    """Return the number of reverse proxies in front of the site, each adding to
    X-Forwarded-For the address that connected to it (cnespress.security)."""
    return int(os.environ.get("DJANGO_TRUSTED_PROXIES", "1" if behind_proxy else "0"))


TRUSTED_PROXIES = trusted_proxies(BEHIND_PROXY)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
# Content Security Policy (Django's own): only our files, and inline code only with
# the nonce of its response.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"

# Background work (django.tasks): a queue in the database, run by
# `manage.py worker` (docs/mail.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def mailer_from_url(url):
    """Return a Django mailer from smtp://user:password@host:587?tls=1 (or ?ssl=1,
    smtps://), or the console's without a URL."""
    if not url:
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(
            "DJANGO_EMAIL_URL must read smtp://user:password@host:port?tls=1."
        )
    query = parse_qs(parts.query)

    def flag(name):
        return query.get(name, ["0"])[-1].lower() in {"1", "true", "yes", "on"}

    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": parts.port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": flag("tls"),
            "use_ssl": parts.scheme == "smtps" or flag("ssl"),
            "timeout": int(query.get("timeout", ["30"])[-1]),
        },
    }


MAILERS = {"default": mailer_from_url(os.environ.get("DJANGO_EMAIL_URL", ""))}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "CNES press office <presse@cnes.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the public site, for the links in e-mails (no trailing slash).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Seconds a mail claimed by a worker stays its own: past it, a mail left
# claimed by a worker that died is sent by another (docs/mail.md).
MAIL_CLAIM_LEASE = int(os.environ.get("DJANGO_MAIL_CLAIM_LEASE", "120"))
# A release made public with a publication date older than this is the archive,
# not news (an old release imported or published late): it is not mailed.
MAIL_NEWS_DAYS = int(os.environ.get("DJANGO_MAIL_NEWS_DAYS", "3"))

# Every line with its time, level and request id; one line per request
# (cnespress/logs.py). DJANGO_LOG_FORMAT=json writes JSON lines.
LOGGING = logging_config(
    level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    log_format=os.environ.get("DJANGO_LOG_FORMAT", "text"),
)
