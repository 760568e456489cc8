from django.apps import AppConfig


class BackupMediaConfig(AppConfig):
    name = "tests.backup_media"
    label = "backup_media"
    default_auto_field = "django.db.models.BigAutoField"
