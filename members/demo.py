"""Demo people for the demo district, in bulk inserts (no tree writes).

Shares follow the field reports: 51.5% of grid leaders and 21.2% of grid
workers are party members (Liuhe), about a third of members work away in
rural towns (Qingcao 34.2%), members are filed in the five Xiangzhou
categories with a 100-point ledger, and households carry the usual tags.
Historical records are not written for demo rows (bulk inserts bypass them).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from orgs.demo import DEMO_PASSWORD
from orgs.kinds import Role, UnitKind
from orgs.models import OrgUnit, Position

from . import points
from .excel.units import UnitIndex
from .models import (
    TAG_FIELDS,
    Category,
    DualReport,
    Gender,
    Household,
    PartyMember,
    PioneerPledge,
    PioneerPost,
    Relation,
    Resident,
    ScoreEntry,
    ScoreRule,
    Tag,
    Visit,
)
from .personal import id_check_char

LEADER_MEMBER_SHARE = 0.515
WORKER_MEMBER_SHARE = 0.212
FLOATING_SHARE_RURAL = 0.342
FLOATING_SHARE_URBAN = 0.08
RURAL_STREETS = {"南屏镇", "前山街道", "湾仔街道"}
LOCAL_AREA = "440402"
AWAY_AREAS = ["430102", "360102", "450102", "510104", "440882", "441502"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美兰霞平刚桂英建国志红玉梅海波宁欣怡浩然子涵雨轩思远佳琪嘉宏晓东春燕凤"
ROADS = [
    "人民路",
    "解放路",
    "建设路",
    "兴业路",
    "海滨路",
    "凤凰路",
    "前河路",
    "香华路",
    "迎宾路",
    "翠微路",
]
POSTS = [
    ("政策宣传岗", "宣讲政策，收集群众意见"),
    ("环境卫生岗", "参与小区环境整治"),
    ("治安巡逻岗", "参加夜间巡逻"),
    ("邻里互助岗", "帮扶困难家庭"),
    ("文明劝导岗", "劝导不文明行为"),
    ("关爱帮扶岗", "结对关爱独居老人"),
]
SERVICES = [
    "每月走访独居老人",
    "每周参加小区巡逻",
    "协助开展垃圾分类宣传",
    "为居民代办证件",
    "参与矛盾纠纷调解",
    "辅导社区青少年功课",
    "参加义务植树",
    "协助疫苗接种引导",
    "为老人理发",
    "维护楼道环境整洁",
]
VISIT_NOTES = [
    "家中情况稳定，生活正常",
    "了解老人身体状况，提醒注意防暑",
    "宣传燃气安全使用知识",
    "登记家庭成员变动情况",
    "宣传反诈知识，发放资料",
    "询问就业需求，介绍招聘信息",
]
VISIT_PROBLEMS = [
    "楼道堆放杂物，存在消防隐患",
    "屋顶漏水，需协调物业维修",
    "老人独居行动不便，需定期上门",
    "楼下路灯损坏",
    "邻里因噪音发生纠纷",
    "下水道堵塞",
]


class _Ids:
    """Unique valid ID numbers for demo people."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def make(self, birth: datetime.date, area=LOCAL_AREA, male=None) -> str:
        while True:
            seq = self.rng.randrange(0, 1000)
            if male is not None and (seq % 2 == 1) != male:
                seq = (seq + 1) % 1000
            first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.used:
                self.used.add(number)
                return number


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng):
    return f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}"


def _birth(rng, oldest=1940, youngest=2003):
    start = datetime.date(oldest, 1, 1).toordinal()
    end = datetime.date(youngest, 12, 28).toordinal()
    return datetime.date.fromordinal(rng.randrange(start, end))


def _place(row, ids):
    row.region_id = ids["region"]
    row.street_id = ids["street"]
    row.community_id = ids["community"]
    row.grid_id = ids["grid"]


def _with_hashes(rows):
    for row in rows:
        row.sync_hashes()
    return rows


def load(*, region, users, rng):
    index = UnitIndex([region])
    grids = list(
        OrgUnit.objects.filter(
            tree_id=region.tree_id, lft__gt=region.lft, rght__lt=region.rght, kind=UnitKind.GRID
        ).order_by("lft")
    )
    below = {}
    for pk, parent_id, kind in OrgUnit.objects.filter(
        tree_id=region.tree_id, kind__in=[UnitKind.PARTY_GROUP, UnitKind.MEMBER_HOUSEHOLD]
    ).values_list("pk", "parent_id", "kind"):
        below.setdefault((parent_id, kind), []).append(pk)
    ids = _Ids(rng)
    today = timezone.localdate()

    PioneerPost.objects.bulk_create([PioneerPost(name=n, description=d) for n, d in POSTS])
    posts = list(PioneerPost.objects.all())

    staff = _load_staff(grids, users, rng)
    members_by_grid = _load_members(grids, index, below, staff, ids, rng, today, users)
    _load_ledgers(members_by_grid, staff, rng, today)
    _load_dual_reports(members_by_grid, grids, index, rng, today)
    _load_pledges(members_by_grid, posts, rng)
    _load_households(grids, index, below, staff, ids, rng, today)


def _load_staff(grids, users, rng) -> dict:
    """A leader and 2–4 workers per grid (the demo leaders keep their grids),
    and a street cadre as grid instructor for pairs of grids."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    taken = {p.unit_id: p.user for p in Position.objects.filter(role=Role.GRID_LEADER)}
    new_users, plan = [], []
    for grid in grids:
        if grid.pk not in taken:
            new_users.append(
                User(username=f"g{grid.pk}_leader", first_name=_name(rng), password=password)
            )
            plan.append((grid, Role.GRID_LEADER, new_users[-1].username))
        for k in range(rng.randint(2, 4)):
            new_users.append(
                User(username=f"g{grid.pk}_w{k + 1}", first_name=_name(rng), password=password)
            )
            plan.append((grid, Role.GRID_WORKER, new_users[-1].username))
    for i in range(0, len(grids), 2):
        new_users.append(
            User(username=f"instructor{i // 2 + 1}", first_name=_name(rng), password=password)
        )
        for grid in grids[i : i + 2]:
            plan.append((grid, Role.GRID_INSTRUCTOR, new_users[-1].username))
    User.objects.bulk_create(new_users, batch_size=500)
    by_name = dict(
        User.objects.filter(username__in=[u.username for u in new_users]).values_list(
            "username", "pk"
        )
    )
    Position.objects.bulk_create(
        [Position(unit=g, role=role, user_id=by_name[name]) for g, role, name in plan],
        batch_size=1000,
    )
    staff = {g.pk: {"leader": None, "workers": []} for g in grids}
    for p in Position.objects.filter(
        unit__in=grids, role__in=[Role.GRID_LEADER, Role.GRID_WORKER]
    ).select_related("user"):
        if p.role == Role.GRID_LEADER:
            staff[p.unit_id]["leader"] = p.user
            # Later demo loaders (cases) act through the grids' own leaders
            # instead of adding leaders of their own.
            users.setdefault(p.user.username, p.user)
        else:
            staff[p.unit_id]["workers"].append(p.user)
    return staff


def _category(rng, floating_share):
    r = rng.random()
    if r < floating_share:
        return Category.FLOATING
    r = (r - floating_share) / (1 - floating_share)
    for category, cut in (
        (Category.ORDINARY, 0.42),
        (Category.IN_SERVICE, 0.70),
        (Category.UNEMPLOYED, 0.76),
    ):
        if r < cut:
            return category
    return Category.ELDERLY


def _load_members(grids, index, below, staff, ids, rng, today, users) -> dict:
    leaders = [s["leader"] for s in staff.values() if s["leader"]]
    workers = [w for s in staff.values() for w in s["workers"]]
    member_users = set(rng.sample(leaders, round(len(leaders) * LEADER_MEMBER_SHARE)))
    demo_leader = users.get("demo_grid")
    if demo_leader is not None and demo_leader not in member_users:
        # The demo's own grid leader is a member (and the branch secretary).
        member_users.discard(next(iter(member_users)))
        member_users.add(demo_leader)
    member_users |= set(rng.sample(workers, round(len(workers) * WORKER_MEMBER_SHARE)))
    street_of = {}
    rows = []
    for grid in grids:
        place = index.ancestor_ids(grid.pk)
        street_name = index.nodes[place["street"]][3] if place["street"] else ""
        floating = FLOATING_SHARE_RURAL if street_name in RURAL_STREETS else FLOATING_SHARE_URBAN
        street_of[grid.pk] = street_name
        groups = below.get((grid.pk, UnitKind.PARTY_GROUP), [])
        people = [(None, _name(rng)) for _ in range(rng.randint(8, 20))]
        s = staff[grid.pk]
        for user in [s["leader"], *s["workers"]]:
            if user in member_users:
                people.append((user, user.first_name))
        for user, name in people:
            male = rng.random() < 0.55
            category = (
                rng.choice([Category.ORDINARY, Category.IN_SERVICE])
                if user
                else _category(rng, floating)
            )
            oldest, youngest = (1935, 1960) if category == Category.ELDERLY else (1955, 2001)
            birth = _birth(rng, oldest, youngest)
            years = rng.randint(19, 40)
            joined = birth + datetime.timedelta(days=365 * years)
            if joined > today:
                # Young members joined between turning 18 and last month, not
                # all of them today (no further draw: the rest stays as seeded).
                earliest = birth + datetime.timedelta(days=365 * 18)
                span = max((today - earliest).days - 30, 0)
                joined = earliest + datetime.timedelta(days=span * (years - 19) // 22)
            member = PartyMember(
                name=name,
                gender=Gender.MALE if male else Gender.FEMALE,
                category=category,
                unit_id=rng.choice(groups) if groups and rng.random() < 0.6 else grid.pk,
                joined_on=joined,
                id_number=ids.make(birth, male=male),
                phone=_phone(rng),
                user=user,
            )
            _place(member, index.ancestor_ids(member.unit_id))
            rows.append(member)
    PartyMember.objects.bulk_create(_with_hashes(rows), batch_size=1000)
    by_grid = {}
    for member in PartyMember.objects.filter(grid__in=grids).only(
        "pk", "grid_id", "category", "unit_id", "community_id", "user_id"
    ):
        by_grid.setdefault(member.grid_id, []).append(member)
    return by_grid


def _load_ledgers(members_by_grid, staff, rng, today):
    """Entries by hand under the catalogue's manual rules, entered by the
    grid leader (never to themselves); the records add theirs later."""
    rules = [r for r in ScoreRule.objects.filter(source="", active=True) if r.awarded_by]
    rules = [r for r in rules if "grid_leader" in r.awarded_by] or rules
    entries = []
    for grid_id, members in members_by_grid.items():
        clerk = staff[grid_id]["leader"]
        if clerk is None or not rules:
            continue
        for member in members:
            if rng.random() > 0.6 or member.user_id == clerk.pk:
                continue
            for _ in range(rng.randint(1, 3)):
                rule = rng.choice(rules)
                entries.append(
                    ScoreEntry(
                        member_id=member.pk,
                        on=today - datetime.timedelta(days=rng.randint(1, 330)),
                        points=rule.points,
                        rule=rule,
                        reason=rule.item,
                        entered_by=clerk,
                    )
                )
    ScoreEntry.objects.bulk_create(entries, batch_size=2000)
    points.rebuild_totals()


def _load_dual_reports(members_by_grid, grids, index, rng, today):
    communities = sorted({index.ancestor_ids(g.pk)["community"] for g in grids} - {None})
    reports = []
    for members in members_by_grid.values():
        for member in members:
            if member.category != Category.IN_SERVICE or rng.random() > 0.6:
                continue
            home = member.community_id if rng.random() < 0.5 else rng.choice(communities)
            report = DualReport(
                member_id=member.pk,
                community_unit_id=home,
                workplace=rng.choice(
                    ["区教育局", "市人民医院", "区税务局", "供电局", "市第一中学"]
                ),
                reported_on=today - datetime.timedelta(days=rng.randint(10, 600)),
                services=rng.choice(SERVICES),
            )
            place = index.ancestor_ids(home)
            report.region_id, report.street_id = place["region"], place["street"]
            report.community_id = place["community"]
            reports.append(report)
    DualReport.objects.bulk_create(reports, batch_size=1000)


def _load_pledges(members_by_grid, posts, rng):
    chosen = [m for ms in members_by_grid.values() for m in ms if rng.random() < 0.3]
    pledges = PioneerPledge.objects.bulk_create(
        [
            PioneerPledge(member_id=m.pk, services=rng.sample(SERVICES, rng.randint(3, 4)))
            for m in chosen
        ],
        batch_size=1000,
    )
    if not pledges[:1] or pledges[0].pk is None:
        pledges = list(PioneerPledge.objects.filter(member_id__in=[m.pk for m in chosen]))
    Through = PioneerPledge.posts.through
    Through.objects.bulk_create(
        [
            Through(pioneerpledge_id=p.pk, pioneerpost_id=post.pk)
            for p in pledges
            for post in rng.sample(posts, rng.randint(1, 2))
        ],
        batch_size=2000,
    )


def _load_households(grids, index, below, staff, ids, rng, today):
    households = []
    for n, grid in enumerate(grids):
        place = index.ancestor_ids(grid.pk)
        groups = below.get((grid.pk, UnitKind.PARTY_GROUP), [])
        road = ROADS[n % len(ROADS)]
        for k in range(30 if n == 0 else rng.randint(6, 12)):
            group = rng.choice(groups) if groups and rng.random() < 0.7 else None
            linked = below.get((group, UnitKind.MEMBER_HOUSEHOLD), []) if group else []
            household = Household(
                address=f"{road}{n % 97 + 1}号{k // 6 + 1}栋{k % 6 + 1}0{rng.randint(1, 4)}室",
                grid_id=grid.pk,
                party_group_id=group,
                member_household_id=linked[0] if linked and rng.random() < 0.5 else None,
            )
            for tag, p in (
                (Tag.ELDERLY_ALONE, 0.08),
                (Tag.LOW_INCOME, 0.05),
                (Tag.DISABLED, 0.04),
                (Tag.FLOATING, 0.12),
                (Tag.KEY_CARE, 0.06),
            ):
                setattr(household, TAG_FIELDS[tag], rng.random() < p)
            _place(household, place)
            households.append(household)
    Household.objects.bulk_create(households, batch_size=1000)
    households = list(Household.objects.filter(grid__in=grids))
    residents, visits = [], []
    for household in households:
        residents.extend(_residents_of(household, ids, rng))
        s = staff[household.grid_id]
        visitors = [u for u in [s["leader"], *s["workers"]] if u]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            visit = Visit(
                household_id=household.pk,
                visited_on=today - datetime.timedelta(days=rng.randint(0, 180)),
                visitor=rng.choice(visitors),
                notes=rng.choice(VISIT_NOTES),
                problems=rng.choice(VISIT_PROBLEMS) if rng.random() < 0.2 else "",
            )
            _place(visit, _copied(household))
            visits.append(visit)
    Resident.objects.bulk_create(_with_hashes(residents), batch_size=1000)
    Visit.objects.bulk_create(visits, batch_size=2000)


def _copied(household):
    return {
        "region": household.region_id,
        "street": household.street_id,
        "community": household.community_id,
        "grid": household.grid_id,
    }


def _residents_of(household, ids, rng):
    area = rng.choice(AWAY_AREAS) if household.is_floating else LOCAL_AREA
    if household.is_elderly_alone:
        plan = [(Relation.HEAD, _birth(rng, 1930, 1955))]
    else:
        head = _birth(rng, 1950, 1995)
        plan = [(Relation.HEAD, head)]
        if rng.random() < 0.75:
            plan.append((Relation.SPOUSE, _birth(rng, head.year - 3, min(head.year + 3, 2000))))
        for _ in range(rng.choice((0, 1, 1, 2))):
            child_year = min(head.year + rng.randint(22, 35), 2022)
            plan.append((Relation.CHILD, _birth(rng, child_year, child_year)))
    out = []
    surname = rng.choice(SURNAMES)
    for relation, birth in plan:
        male = rng.random() < 0.5
        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if relation == Relation.SPOUSE:
            name = _name(rng)
        resident = Resident(
            household_id=household.pk,
            name=name,
            relation=relation,
            birth_date=birth,
            id_number=ids.make(birth, area=area, male=male),
            phone=_phone(rng) if birth.year < 2008 else "",
        )
        _place(resident, _copied(household))
        out.append(resident)
    return out
