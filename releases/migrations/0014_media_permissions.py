from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors and publishers keep the media library and choose a release's photos and
# documents; staff readers may look at them, as at the rest of a release.
MEDIA_MODELS = ["image", "document", "releaseimage", "releasedocument"]
ACTIONS = ["add", "change", "delete", "view"]
STAFF_READER_PERMISSIONS = [
    "view_image",
    "view_document",
    "view_releaseimage",
    "view_releasedocument",
]


def grant_media_permissions(apps, schema_editor):
    app_config = apps.get_app_config("releases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    releases = Permission.objects.filter(content_type__app_label="releases")
    media = releases.filter(
        codename__in=[f"{action}_{model}" for model in MEDIA_MODELS for action in ACTIONS]
    )
    for name in ("Editors", "Publishers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*media)
    for readers in Group.objects.filter(name="Staff readers"):
        readers.permissions.add(*releases.filter(codename__in=STAFF_READER_PERMISSIONS))


def revoke_media_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="releases",
        content_type__model__in=MEDIA_MODELS,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0013_media_library"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_media_permissions, revoke_media_permissions)
    ]
