"""Seed the all-element (全要素) quarterly checklist and the star thresholds.

Data, not code: administrators edit both in the admin afterwards. Grid items
add up to 100 points; a party group is scored on its own subset, normalized
to 100."""

from decimal import Decimal

from django.db import migrations

G, P = "grid", "party_group"
# category, [(item, criteria, max points, auto source, target, applies to)]
CHECKLIST = [
    ("党建引领", [
        ("组织生活落实", "“三会一课”、主题党日按时开展，记录完整；缺一次扣2分。", 8, "", None, (G, P)),
        ("党员积分管理与先锋岗履职", "积分按月登记、季度公示；先锋岗认领率与服务承诺兑现情况。", 5, "", None, (G, P)),
        ("在职党员“双报到”", "在职党员到社区报到并参与网格服务，每季度不少于1次。", 3, "", None, (G, P)),
    ]),
    ("队伍建设", [
        ("“一长三员”配齐履职", "网格长、网格员、信息员、监督员配齐，按要求巡查、在岗。", 5, "", None, (G,)),
    ]),
    ("走访联系", [
        ("入户走访完成情况", "按季度走访任务计分，完成目标得满分，按比例折算。", 10, "visits", 60, (G, P)),
    ]),
    ("事件办理", [
        ("事件办结率", "本季度上报事件的办结比例，按比例计分。", 10, "closure_rate", None, (G,)),
        ("按时办结率", "本季度办结事件中在时限内办结的比例。", 7, "on_time_rate", None, (G,)),
        ("网格自办自结率", "在网格内自行办结、未上报的事件比例。", 5, "self_handled_share", None, (G,)),
    ]),
    ("群众满意", [
        ("群众满意率", "办结回访中“满意”“基本满意”的比例。", 8, "satisfaction_rate", None, (G,)),
    ]),
    ("社会治安", [
        ("矛盾纠纷排查化解", "每月排查，纠纷就地化解，无民转刑、无越级上访。", 5, "", None, (G,)),
        ("治安隐患与重点人群服务管理", "治安隐患及时上报，重点人群底数清、情况明。", 4, "", None, (G,)),
    ]),
    ("安全生产", [
        ("安全生产隐患排查整改", "九小场所、在建工地等隐患排查到位，整改闭环。", 5, "", None, (G,)),
        ("消防安全", "“三合一”场所、电动车违规充电等整治到位。", 3, "", None, (G,)),
        ("防汛防台与应急处置", "台风、暴雨等预警响应及时，转移安置到位。", 2, "", None, (G,)),
    ]),
    ("人居环境", [
        ("环境卫生与垃圾分类", "责任区整洁，垃圾分类宣传与督导到位。", 4, "", None, (G,)),
        ("市容秩序", "无新增违建，乱堆放、占道经营等及时劝导上报。", 3, "", None, (G,)),
    ]),
    ("为民服务", [
        ("重点人群关爱", "独居老人、困难群众、残疾人等定期探访，诉求有回应。", 4, "", None, (G, P)),
        ("志愿服务与党群活动", "按季度开展志愿服务、党群活动，达到目标得满分。", 4, "activities", 3, (G, P)),
    ]),
    ("基础信息", [
        ("“一户一档”信息完整准确", "户籍、人口、标签信息完整，变动一周内更新。", 3, "", None, (G,)),
    ]),
    ("宣传教育", [
        ("政策宣传与文明创建", "政策、法治、文明创建宣传入户，群众知晓率高。", 2, "", None, (G, P)),
    ]),
]
THRESHOLDS = [(5, 95), (4, 85), (3, 75), (2, 60), (1, 0)]


def seed(apps, schema_editor):
    Category = apps.get_model("dashboards", "AssessmentCategory")
    Item = apps.get_model("dashboards", "AssessmentItem")
    Threshold = apps.get_model("dashboards", "StarThreshold")
    for ci, (category_name, items) in enumerate(CHECKLIST):
        category = Category.objects.create(name=category_name, order=ci + 1)
        for ii, (name, criteria, points, source, target, kinds) in enumerate(items):
            Item.objects.create(
                category=category,
                name=name,
                criteria=criteria,
                max_points=Decimal(points),
                auto_source=source,
                target=target,
                for_grids=G in kinds,
                for_party_groups=P in kinds,
                order=ii + 1,
            )
    for stars, minimum in THRESHOLDS:
        Threshold.objects.create(stars=stars, min_score=Decimal(minimum))


def unseed(apps, schema_editor):
    apps.get_model("dashboards", "AssessmentItem").objects.all().delete()
    apps.get_model("dashboards", "AssessmentCategory").objects.all().delete()
    apps.get_model("dashboards", "StarThreshold").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
