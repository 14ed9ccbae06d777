"""Move DRF's plain-text API tokens to django-rest-knox, which keeps only their digests.

Clients keep working: a DRF key becomes a knox token with the same key (knox finds a token
by its first 15 characters and checks the digest of the whole key). The old table, which
held every key in the clear, is dropped.
"""

from __future__ import annotations

from django.db import migrations

OLD_TABLE = "authtoken_token"


def move_tokens(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        digest = hash_token(key)
        AuthToken.objects.bulk_create(
            [
                AuthToken(
                    digest=digest,
                    token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
                    user_id=user_id,
                    expiry=None,
                )
            ]
        )
        AuthToken.objects.filter(pk=digest).update(created=created)
    schema_editor.execute(f"DROP TABLE {OLD_TABLE} CASCADE")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(move_tokens, migrations.RunPython.noop)]
