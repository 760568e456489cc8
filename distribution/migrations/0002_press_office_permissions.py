from django.contrib.auth.management import create_permissions
from django.db import migrations

# Press officers (editors and publishers) keep the subscribers and their lists,
# and read the log of each mail; publishers alone send under embargo (they hold
# releases.publish_pressrelease).
PERMISSIONS = [
    "view_subscriber",
    "add_subscriber",
    "change_subscriber",
    "delete_subscriber",
    "view_subscriberlist",
    "add_subscriberlist",
    "change_subscriberlist",
    "delete_subscriberlist",
    "view_delivery",
]
GROUPS = ["Editors", "Publishers"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("distribution")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="distribution", codename__in=PERMISSIONS
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="distribution")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0001_subscriptions_and_deliveries"),
        ("releases", "0007_publishers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
