"""On PostgreSQL the database itself refuses two live bookings of one venue
whose times overlap (an exclusion constraint over the time range); the
booking service also checks under a lock of the venue row, which is what
holds on SQLite."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "activity_venue_no_overlap"


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE participation_activity ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (venue_id IS NOT NULL AND status <> 'cancelled')"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE participation_activity DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [BtreeGistExtension(), migrations.RunPython(add, remove)]
