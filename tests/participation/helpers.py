"""Builders for party-life tests on the shared world: a venue kept by C1
serving both of its grids, members of G1 (one with an account, dual-reported
to C1), activities, demands."""

import datetime
import io

from django.utils import timezone
from PIL import Image

from members import services as people
from members.models import Category, PartyMember
from participation import services
from tests.members.factories import ensure_catalogue, household, id_number, member
from tests.world import make_user

NOW = timezone.now()


def at(days=0, hours=0, minutes=0):
    base = timezone.localtime(NOW).replace(hour=9, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days, hours=hours, minutes=minutes)


def photo(name="p.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    out.seek(0)
    out.name = name
    return out


def venue(w, **extra):
    data = {
        "user": w.community,
        "keeper": w.c1,
        "name": "一社区党群之家",
        "kind": "home",
        "address": "幸福路8号",
        "units": [w.g1, w.g1b],
        "standards": ["room", "flag"],
        "opening_hours": "周一至周五 9:00-17:00",
        "duty_roster": [{"weekday": 1, "name": "李值班"}],
    }
    data.update(extra)
    return services.venue_save(**data)


def link(m, account):
    """The member's own account (members sign in as themselves)."""
    PartyMember.objects.filter(pk=m.pk).update(user=account)
    m.user = account


def party(w):
    """Members of G1 and P1; `w.me` (user `member1`) is in-service and
    dual-reported to C1; G2 has its own member."""
    ensure_catalogue()
    w.me_user = make_user("member1")
    w.me = people.member_create(
        user=w.leader,
        unit=w.g1,
        name="王在职",
        category=Category.IN_SERVICE,
        id_number=id_number(),
    )
    link(w.me, w.me_user)
    people.dual_report_set(
        member=w.me,
        user=w.leader,
        community_unit=w.c1,
        workplace="区税务局",
        reported_on=timezone.localdate(),
    )
    w.me.refresh_from_db()
    w.m2 = member(w.leader, w.g1, name="李普通")
    w.m3 = member(w.leader, w.p1, name="赵小组", category=Category.FLOATING)
    w.leader_member = member(w.leader, w.g1, name="网格长本人")
    link(w.leader_member, w.leader)
    w.far = member(w.outsider, w.g2, name="陈三网格")
    w.venue = venue(w)
    w.household = household(w.leader, w.g1, address="幸福路1号3栋")
    return w


def activity(w, user=None, **extra):
    data = {
        "user": user or w.leader,
        "title": "三月主题党日",
        "kind": "theme_day",
        "organizer": w.g1,
        "starts_at": at(-1),
        "ends_at": at(-1, hours=2),
    }
    data.update(extra)
    return services.activity_create(**data)


def demand(w, **extra):
    data = {
        "user": w.leader,
        "grid": w.g1,
        "title": "帮独居老人修水龙头",
        "description": "厨房水龙头漏水",
        "kind": "wish",
        "place": "幸福路1号3栋",
        "household": w.household,
        "contact_name": "张奶奶",
        "contact_phone": "13812345678",
    }
    data.update(extra)
    return services.demand_post(**data)
