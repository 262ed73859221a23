from django.db import migrations

from cases.seed import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("cases", "CaseCategory"), apps.get_model("cases", "CaseDeadline"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_notifications_counters_reminders"),
    ]

    operations = [
        # Every deployment starts with a category tree and deadlines; the
        # admin edits them from there. Reversing leaves them in place.
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
