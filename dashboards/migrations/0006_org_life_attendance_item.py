"""Organizational life is scored from the records: the seeded item
"组织生活落实" takes the attendance of 三会一课 and 主题党日 (full points at
90%), and "志愿服务与党群活动" counts the activities held."""

from django.db import migrations, models

ITEM = "组织生活落实"
CRITERIA = "“三会一课”、主题党日按时开展，党员出勤率达到90%得满分，按比例折算。"


def convert(apps, schema_editor):
    AssessmentItem = apps.get_model("dashboards", "AssessmentItem")
    AssessmentItem.objects.filter(name=ITEM, auto_source="").update(
        auto_source="org_life_attendance", target=90, criteria=CRITERIA
    )


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0005_unit_rollups")]

    operations = [
        migrations.AlterField(
            model_name="assessmentitem",
            name="auto_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("closure_rate", "Case closure rate"),
                    ("on_time_rate", "On-time closure rate"),
                    ("satisfaction_rate", "Residents' satisfaction rate"),
                    ("self_handled_share", "Share handled within the grid"),
                    ("visits", "Household visits done"),
                    ("activities", "Activities held"),
                    ("org_life_attendance", "Organizational life attendance (%)"),
                ],
                help_text="Leave empty for an item the community scores by hand with a note.",
                max_length=24,
                verbose_name="scored automatically from",
            ),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
    ]
