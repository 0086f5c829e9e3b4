# The room log is written by every live event: on PostgreSQL the index is built
# CONCURRENTLY, so publishing never waits for it (outside a transaction: atomic = False).

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:  # SQLite (make run without DATABASE_URL): a plain index
            migrations.AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("live", "0003_drop_presence_rows"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="roomevent",
            index=models.Index(fields=["created_at"], name="room_event_created_idx"),
        ),
    ]
