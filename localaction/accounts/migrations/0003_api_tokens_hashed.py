"""API tokens move from Django REST framework's authtoken (keys stored as they
are) to django-rest-knox (only a digest stored, with an expiry).

Every key people hold keeps working: its digest is stored as a knox token that
expires after the usual lifetime from today; then the table of plain keys is
dropped, so no key is left readable in the database.
"""

from datetime import timedelta

from django.db import migrations

OLD_TABLE = "authtoken_token"
TOKEN_DAYS = 90


def move_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    from django.utils import timezone
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    AuthToken = apps.get_model("knox", "AuthToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")
        rows = cursor.fetchall()
    expiry = timezone.now() + timedelta(days=TOKEN_DAYS)
    AuthToken.objects.bulk_create(
        AuthToken(
            digest=hash_token(key),
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=user_id,
            expiry=expiry,
        )
        for key, user_id in rows
    )
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_people_notifications_invitations"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(move_tokens, migrations.RunPython.noop)]
