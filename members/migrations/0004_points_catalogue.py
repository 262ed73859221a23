"""The points catalogue a site starts with; administrators edit it."""

from django.db import migrations

RULES = [
    # item, points, cap per year, roles that award it by hand, source
    ("参加组织生活", 2, 40, [], "attendance"),
    ("志愿服务", 2, 30, [], "volunteer"),
    ("双报到践诺服务", 3, 30, [], "pledge_service"),
    ("认领并完成微心愿", 3, 30, [], "demand"),
    ("先锋示范表彰", 5, 10, ["community_staff", "street_dispatcher"], ""),
    ("参与网格巡查", 1, 20, ["grid_leader", "community_staff"], ""),
    ("无故缺席组织生活", -3, 30, ["grid_leader", "community_staff"], ""),
]


def add(apps, schema_editor):
    ScoreRule = apps.get_model("members", "ScoreRule")
    for order, (item, points, cap, roles, source) in enumerate(RULES):
        ScoreRule.objects.get_or_create(
            item=item,
            defaults={
                "points": points,
                "yearly_cap": cap,
                "awarded_by": roles,
                "source": source,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0003_points_rules")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
