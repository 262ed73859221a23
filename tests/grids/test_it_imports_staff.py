"""Grid staff from Excel: positions at grids with the account behind each;
the ID-number column links the account to its party member, from which
party membership and 一肩挑 are derived."""

from django.contrib.auth import get_user_model

from grids import selectors, services
from members.models import ImportStatus, PartyMember
from orgs.kinds import Role
from orgs.models import Position
from tests.members.excel import errors_in, export, upload, upload_and_apply
from tests.members.factories import id_number, member, xlsx

HEADERS = ["单位编码", "岗位", "用户名", "姓名", "党员身份证号"]
G1B = "TQ/01/001/02"


def test_it_creates_accounts_and_positions_and_links_members(world):
    secretary = member(world.community, world.g1b, name="赵书记")
    services.branch_set(grid=world.g1b, user=world.admin, name="二网格党支部", secretary=secretary)
    content = xlsx(
        HEADERS,
        [
            [G1B, "网格长", "zhao", "赵书记", secretary.id_number],
            [G1B, "网格员", "qian", "钱网格员", ""],
            [G1B, "网格员", "zhao", "赵书记", secretary.id_number],
        ],
    )
    job = upload_and_apply(world.admin, "staff", content)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary["created"] == 3 and job.summary["accounts_created"] == 2
    zhao = get_user_model().objects.get(username="zhao")
    assert not zhao.has_usable_password() and zhao.first_name == "赵书记"
    assert PartyMember.objects.get(pk=secretary.pk).user == zhao
    assert set(Position.objects.filter(user=zhao).values_list("role", flat=True)) == {
        Role.GRID_LEADER,
        Role.GRID_WORKER,
    }
    assert selectors.one_shoulder(unit=world.g1b)["one_shoulder"] == 1


def test_it_round_trips_the_staff_sheet(world):
    m = member(world.leader, world.g1, name="李网格长")
    upload_and_apply(
        world.admin,
        "staff",
        xlsx(HEADERS, [["TQ/01/001/01", "网格长", "leader", "leader", m.id_number]]),
    )
    before = (
        list(Position.objects.order_by("pk").values()),
        list(PartyMember.objects.values("pk", "user_id")),
    )
    job = upload_and_apply(world.admin, "staff", export(world.admin, "staff"))
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary["created"] == job.summary["updated"] == 0
    after = (
        list(Position.objects.order_by("pk").values()),
        list(PartyMember.objects.values("pk", "user_id")),
    )
    assert after == before


def test_it_reports_bad_staff_rows(world, settings):
    settings.LANGUAGE_CODE = "en"
    taken = member(world.leader, world.g1, name="已关联")
    taken.user = world.teammate
    taken.save()
    content = xlsx(
        HEADERS,
        [
            [G1B, "街道调度员", "a1", "甲", ""],  # 2: not a grid role
            [G1B, "网格员", "bad name!", "乙", ""],  # 3: user name
            [G1B, "网格员", "c1", "丙", taken.id_number],  # 4: linked elsewhere
            [G1B, "网格员", "d1", "丁", id_number()],  # 5: no such member
            ["TQ/01", "网格员", "e1", "戊", ""],  # 6: a street is no grid
        ],
    )
    errors = {(r, c) for r, c, _m in errors_in(upload(world.admin, "staff", content))}
    assert errors == {
        (2, "岗位"),
        (3, "用户名"),
        (4, "党员身份证号"),
        (5, "党员身份证号"),
        (6, "单位编码"),
    }
    assert not get_user_model().objects.filter(username__in=["a1", "c1", "d1", "e1"]).exists()
