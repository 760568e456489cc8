"""WSGI entry point, used by gunicorn: ``gunicorn cnespress.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnespress.settings")

application = get_wsgi_application()
