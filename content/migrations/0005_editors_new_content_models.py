"""Give the Editors group the permissions on content models added after 0002.

Migration 0002 granted every content permission that existed then; the typed requirement rows
and license categories (0003) came later, so editors could not open them in the admin.
Running the same grant again adds only what is missing.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"


def grant_content_permissions(apps, schema_editor):
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


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_license_category_certifications_processing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_content_permissions, migrations.RunPython.noop),
    ]
