"""A small tree with users in it, shared by every test module.

    R 测试区 (region)
    ├── S1 一街道 (street)
    │   ├── C1 一社区 (community)
    │   │   ├── G1 一网格  ── P1 第一党小组
    │   │   └── G1b 二网格
    │   └── D1 街道执法队 (department)
    ├── S2 二街道 (street)
    │   └── C2 三社区
    │       └── G2 三网格
    └── DR 区城管局 (department)

Users: `leader` (grid leader of G1), `teammate` (grid worker of G1),
`outsider` (grid leader of G2, the sibling subtree), `community` (C1 staff),
`street` (S1 dispatcher), `street2` (S2 dispatcher), `handler` (D1 department
handler), `orgdept` (district reviewer), `admin` (district administrator).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from orgs.kinds import Role, UnitKind
from orgs.models import OrgUnit, Position

PASSWORD = "test-password-123"


@dataclass
class World:
    region: OrgUnit
    s1: OrgUnit
    s2: OrgUnit
    c1: OrgUnit
    c2: OrgUnit
    g1: OrgUnit
    g1b: OrgUnit
    g2: OrgUnit
    p1: OrgUnit
    d1: OrgUnit
    dr: OrgUnit
    leader: object
    teammate: object
    outsider: object
    community: object
    street: object
    street2: object
    handler: object
    orgdept: object
    admin: object

    def refresh(self):
        for value in vars(self).values():
            if isinstance(value, OrgUnit):
                value.refresh_from_db()


def make_unit(parent, kind, name, code, **extra):
    unit = OrgUnit(parent=parent, kind=kind, name=name, code=code, **extra)
    unit.save()
    return unit


def make_user(username, unit=None, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=extra.pop("first_name", username), **extra
    )
    if unit is not None:
        Position.objects.create(user=user, unit=unit, role=role)
    return user


def build_world() -> World:
    K = UnitKind
    region = make_unit(None, K.REGION, "测试区", "TQ")
    s1 = make_unit(region, K.STREET, "一街道", "01")
    s2 = make_unit(region, K.STREET, "二街道", "02")
    dr = make_unit(region, K.DEPARTMENT, "区城管局", "D01")
    c1 = make_unit(s1, K.COMMUNITY, "一社区", "001")
    d1 = make_unit(s1, K.DEPARTMENT, "街道执法队", "D01")
    c2 = make_unit(s2, K.COMMUNITY, "三社区", "001")
    g1 = make_unit(c1, K.GRID, "一网格", "01", households=300, population=800)
    g1b = make_unit(c1, K.GRID, "二网格", "02", households=200, population=500)
    g2 = make_unit(c2, K.GRID, "三网格", "01", households=250, population=700)
    p1 = make_unit(g1, K.PARTY_GROUP, "第一党小组", "01")
    world = World(
        region=region,
        s1=s1,
        s2=s2,
        c1=c1,
        c2=c2,
        g1=g1,
        g1b=g1b,
        g2=g2,
        p1=p1,
        d1=d1,
        dr=dr,
        leader=make_user("leader", g1, Role.GRID_LEADER),
        teammate=make_user("teammate", g1, Role.GRID_WORKER),
        outsider=make_user("outsider", g2, Role.GRID_LEADER),
        community=make_user("community", c1, Role.COMMUNITY_STAFF),
        street=make_user("street", s1, Role.STREET_DISPATCHER),
        street2=make_user("street2", s2, Role.STREET_DISPATCHER),
        handler=make_user("handler", d1, Role.DEPARTMENT_HANDLER),
        orgdept=make_user("orgdept", region, Role.ORGDEPT_REVIEWER),
        admin=make_user("admin", region, Role.ADMIN, is_staff=True),
    )
    world.refresh()
    return world
