"""The demo district: shaped like Zhuhai Xiangzhou (9 streets/towns, 126
communities, 493 grids of 2–5 per community), with party groups per building,
member households, departments and the demo users."""

import random

from django.contrib.auth import get_user_model

from .kinds import Role, UnitKind
from .locking import tree_write
from .models import OrgUnit, Position

DEMO_PASSWORD = "gridgov-demo"
REGION_CODE = "XZ"

STREETS = [
    "拱北街道",
    "吉大街道",
    "香湾街道",
    "梅华街道",
    "前山街道",
    "翠香街道",
    "狮山街道",
    "湾仔街道",
    "南屏镇",
]
COMMUNITIES_PER_STREET = 14
TOTAL_GRIDS = 493
DISTRICT_DEPARTMENTS = [
    "区城市管理局",
    "区住房和城乡建设局",
    "区市场监督管理局",
    "区应急管理局",
    "区卫生健康局",
]
STREET_DEPARTMENTS = ["综合执法队", "社会事务办", "安全生产办"]
_NAME_A = "东西南北新华海港莲兴荔湖翠康福安景明桂青柠夏湾前心金银"
_NAME_B = ["园", "苑", "湾", "城", "山", "桥", "景", "岭", "泉", "花", "林", "海", "湖"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"


def _community_names(rng: random.Random, n: int) -> list[str]:
    pool = [a + b for a in _NAME_A for b in _NAME_B]
    return [name + "社区" for name in rng.sample(pool, n)]


def _grid_counts(rng: random.Random, communities: int, total: int) -> list[int]:
    counts = [rng.randint(2, 5) for _ in range(communities)]
    # Nudge random communities until the district has exactly `total` grids.
    while sum(counts) != total:
        i = rng.randrange(communities)
        if sum(counts) < total and counts[i] < 5:
            counts[i] += 1
        elif sum(counts) > total and counts[i] > 2:
            counts[i] -= 1
    return counts


def _unit(parent, kind, name, code, **extra):
    return OrgUnit(
        parent=parent, kind=kind, name=name, code=code, lft=0, rght=0, level=0, tree_id=0, **extra
    )


def load_units(*, rng: random.Random) -> OrgUnit:
    """Create the tree in a handful of bulk inserts, then let django-mptt
    rebuild the nested set once, all under the tree lock."""
    with tree_write(), OrgUnit.objects.disable_mptt_updates():
        region = _unit(None, UnitKind.REGION, "香洲区", REGION_CODE)
        OrgUnit.objects.bulk_create([region])
        streets = OrgUnit.objects.bulk_create(
            [_unit(region, UnitKind.STREET, n, f"{i + 1:02d}") for i, n in enumerate(STREETS)]
        )
        OrgUnit.objects.bulk_create(
            [
                _unit(region, UnitKind.DEPARTMENT, n, f"D{i + 1:02d}")
                for i, n in enumerate(DISTRICT_DEPARTMENTS)
            ]
            + [
                _unit(s, UnitKind.DEPARTMENT, s.name + n, f"D{i + 1:02d}")
                for s in streets
                for i, n in enumerate(STREET_DEPARTMENTS)
            ]
        )
        names = _community_names(rng, len(streets) * COMMUNITIES_PER_STREET)
        communities = OrgUnit.objects.bulk_create(
            [
                _unit(
                    s, UnitKind.COMMUNITY, names[si * COMMUNITIES_PER_STREET + ci], f"{ci + 1:03d}"
                )
                for si, s in enumerate(streets)
                for ci in range(COMMUNITIES_PER_STREET)
            ]
        )
        counts = _grid_counts(rng, len(communities), TOTAL_GRIDS)
        grid_rows = []
        for c, n in zip(communities, counts, strict=True):
            for g in range(n):
                households = rng.randint(180, 620)
                grid_rows.append(
                    _unit(
                        c,
                        UnitKind.GRID,
                        f"{c.name}第{g + 1}网格",
                        f"{g + 1:02d}",
                        households=households,
                        population=int(households * rng.uniform(2.3, 3.1)),
                        latitude=round(22.24 + rng.uniform(0, 0.1), 6),
                        longitude=round(113.52 + rng.uniform(0, 0.1), 6),
                    )
                )
        grids = OrgUnit.objects.bulk_create(grid_rows)
        group_rows = [
            _unit(grid, UnitKind.PARTY_GROUP, f"第{k + 1}党小组（{k + 1}栋）", f"{k + 1:02d}")
            for grid in grids
            for k in range(rng.randint(1, 3))
        ]
        groups = OrgUnit.objects.bulk_create(group_rows)
        OrgUnit.objects.bulk_create(
            [
                _unit(
                    g,
                    UnitKind.MEMBER_HOUSEHOLD,
                    f"{rng.choice(_SURNAMES)}{rng.choice('建国志华秀英明玉红伟')}党员中心户",
                    "01",
                )
                for g in groups
                if rng.random() < 0.7
            ]
        )
        OrgUnit.objects.rebuild()
    return OrgUnit.objects.get(pk=region.pk)


def load_users(*, region: OrgUnit) -> dict:
    User = get_user_model()
    street = region.get_children().filter(kind=UnitKind.STREET).first()
    community = street.get_children().filter(kind=UnitKind.COMMUNITY).first()
    grid = community.get_children().filter(kind=UnitKind.GRID).first()
    other_street = region.get_children().filter(kind=UnitKind.STREET).last()
    other_grid = OrgUnit.objects.filter(
        tree_id=other_street.tree_id,
        lft__gt=other_street.lft,
        rght__lt=other_street.rght,
        kind=UnitKind.GRID,
    ).first()
    department = region.get_children().filter(kind=UnitKind.DEPARTMENT).first()
    specs = [
        ("demo_admin", "系统管理员", region, Role.ADMIN),
        ("demo_orgdept", "区委组织部", region, Role.ORGDEPT_REVIEWER),
        ("demo_street", f"{street.name}网格办", street, Role.STREET_DISPATCHER),
        ("demo_community", f"{community.name}两委", community, Role.COMMUNITY_STAFF),
        ("demo_grid", "李网格长", grid, Role.GRID_LEADER),
        ("demo_grid_other", "陈网格长", other_grid, Role.GRID_LEADER),
        ("demo_department", f"{department.name}经办人", department, Role.DEPARTMENT_HANDLER),
    ]
    users = {}
    for username, full_name, unit, role in specs:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, first_name=full_name
        )
        if role == Role.ADMIN:
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        Position.objects.create(user=user, unit=unit, role=role)
        users[username] = user
    return users


def is_loaded() -> bool:
    return OrgUnit.objects.filter(parent__isnull=True, code=REGION_CODE).exists()
