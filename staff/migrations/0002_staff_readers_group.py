from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Staff readers"


def create_staff_readers_group(apps, schema_editor):
    for label in ("releases", "staff"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    readers, _ = Group.objects.get_or_create(name=GROUP_NAME)
    readers.permissions.add(
        Permission.objects.get(
            content_type__app_label="staff", codename="use_workspace"
        ),
        *Permission.objects.filter(
            content_type__app_label="releases", codename__startswith="view_"
        ),
    )


def delete_staff_readers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_initial"),
        ("releases", "0003_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_staff_readers_group, delete_staff_readers_group)
    ]
