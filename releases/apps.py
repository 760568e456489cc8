from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Press releases")

    def ready(self):
        from . import changes, checks, converters, versioning  # noqa: F401 (they register themselves)
        from .history import register_models
        from .search import restore_triggers

        versioning.connect_signals()
        changes.connect_signals()
        register_models()
        post_migrate.connect(restore_triggers, sender=self)
