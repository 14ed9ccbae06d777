"""Create the Editors group with every permission on the content app's models.

Editors (staff) manage all career content and its history in the admin; they get no
permission on users or on planner data. The planner adds its own pathway-template
permissions to this group in a planner migration.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create the
    # content app's now so that they exist inside this migration.
    app_config = apps.get_app_config("content")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    permissions = Permission.objects.filter(content_type__app_label="content").exclude(
        content_type__model__in=["searchdocument", "contentversion"]
    )
    group.permissions.add(*permissions)


def remove_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, remove_editors_group),
    ]
