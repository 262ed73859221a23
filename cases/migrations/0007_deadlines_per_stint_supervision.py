"""Deadlines per stint: `was_overdue` remembers a missed deadline for good;
supervision records the supervising unit; the resolver is kept so the
satisfaction is recorded by someone else. Existing rows: a case overdue now
or closed late has missed a deadline; the resolver is the actor of the last
"resolve" event."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    # The new foreign key's checks would otherwise wait for the commit, and
    # PostgreSQL refuses the indexes this migration creates at its end while
    # checks are pending ("pending trigger events").
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Case.objects.filter(models.Q(overdue_at__isnull=False) | models.Q(closed_on_time=False)).update(
        was_overdue=True
    )
    last_resolver = (
        CaseEvent.objects.filter(case=models.OuterRef("pk"), action="resolve")
        .order_by("-at", "-id")
        .values("actor_id")[:1]
    )
    Case.objects.filter(resolved_at__isnull=False).update(
        resolved_by_id=models.Subquery(last_resolver)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_encrypt_resident_phone"),
        ("orgs", "0002_unit_coordinates_on_the_globe"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="resolved_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="supervising_unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="supervised_cases",
                to="orgs.orgunit",
                verbose_name="supervising unit",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="was_overdue",
            field=models.BooleanField(default=False, verbose_name="a deadline was missed"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
