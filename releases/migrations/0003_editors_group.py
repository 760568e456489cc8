from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    "pressrelease": ["add", "change", "delete", "view"],
    "quote": ["add", "change", "delete", "view"],
    "releasenation": ["add", "change", "delete", "view"],
    "releasecontact": ["add", "change", "delete", "view"],
    "releasespeaker": ["add", "change", "delete", "view"],
    "speaker": ["add", "change", "view"],
    "contact": ["add", "change", "view"],
    "topic": ["add", "change", "view"],
    "partnernation": ["view"],
}


def create_editors_group(apps, schema_editor):
    app_config = apps.get_app_config("releases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        f"{action}_{model}"
        for model, actions in EDITOR_PERMISSIONS.items()
        for action in actions
    ]
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="releases", codename__in=codenames
        )
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0002_partner_nations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
