from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Publishers"
# Besides what editors may do.
PUBLISHER_PERMISSIONS = [
    "publish_pressrelease",
    "add_previewlink",
    "change_previewlink",
    "view_previewlink",
    "view_publicationevent",
]
EDITOR_PERMISSIONS = ["view_publicationevent"]
# Staff readers (staff.0002) get every view permission of releases that exists
# when it runs: the same on every database, and never the preview links.
STAFF_READERS = "Staff readers"
STAFF_READER_PERMISSIONS = ["view_publicationevent"]
STAFF_READER_REFUSED = ["view_previewlink"]


def create_publishers_group(apps, schema_editor):
    app_config = apps.get_app_config("releases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    releases = Permission.objects.filter(content_type__app_label="releases")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*releases.filter(codename__in=EDITOR_PERMISSIONS))
    publishers, _ = Group.objects.get_or_create(name=GROUP_NAME)
    publishers.permissions.add(
        *editors.permissions.all(),
        *releases.filter(codename__in=PUBLISHER_PERMISSIONS),
    )
    for readers in Group.objects.filter(name=STAFF_READERS):
        readers.permissions.add(*releases.filter(codename__in=STAFF_READER_PERMISSIONS))
        readers.permissions.remove(*releases.filter(codename__in=STAFF_READER_REFUSED))


def delete_publishers_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=GROUP_NAME).delete()
    added = Permission.objects.filter(
        content_type__app_label="releases", codename__in=EDITOR_PERMISSIONS
    )
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*added)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0006_publication_log_and_preview_links"),
        ("staff", "0002_staff_readers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_publishers_group, delete_publishers_group)
    ]
