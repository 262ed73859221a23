"""Households and residents from Excel: one row per resident, the
household's columns repeated; matched by (grid, address) and ID number."""

from members.models import Household, ImportStatus, Resident
from members.personal import search_hash

from .excel import HOUSEHOLD_HEADERS, errors_in, export, upload, upload_and_apply
from .factories import household, id_number, resident, xlsx

G1 = "TQ/01/001/01"
G1B = "TQ/01/001/02"
P1 = "TQ/01/001/01/01"


def test_it_files_households_with_residents_and_tags(world):
    a, b, c = id_number("19500101"), id_number("19520202"), id_number("19800303")
    content = xlsx(
        HOUSEHOLD_HEADERS,
        [
            [G1, "和平路1号", P1, "", "独居老人、低保户", "张一", "户主", a, "13812345678", ""],
            [G1B, "和平路2号", "", "", "", "李二", "户主", b, "", "1952-02-02"],
            [G1B, "和平路2号", "", "", "", "李三", "子女", c, "", ""],
            [G1B, "和平路3号", "", "", "重点关爱", "", "", "", "", ""],
        ],
    )
    job = upload_and_apply(world.community, "households", content)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary["households_created"] == 3 and job.summary["created"] == 3
    first = Household.objects.get(address="和平路1号")
    assert (first.grid, first.party_group, first.tags) == (
        world.g1,
        world.p1,
        ["elderly_alone", "low_income"],
    )
    assert first.community_id == world.c1.pk and first.street_id == world.s1.pk
    assert Household.objects.get(address="和平路3号").residents.count() == 0
    li = Resident.objects.get(id_number_hash=search_hash(c))
    assert li.household.address == "和平路2号" and li.grid_id == world.g1b.pk
    assert str(li.birth_date) == "1980-03-03"  # taken from the ID number


def test_it_round_trips_an_export_without_changing_anything(world):
    h = household(
        world.leader, world.g1, address="光明路9号", tags=["disabled"], party_group=world.p1
    )
    resident(world.leader, h, name="甲", phone="13812345678")
    resident(world.leader, h, name="乙", relation="spouse")
    household(world.leader, world.g1, address="光明路10号")
    before = (
        list(Household.objects.order_by("pk").values()),
        list(Resident.objects.order_by("pk").values()),
    )
    job = upload_and_apply(world.leader, "households", export(world.leader, "households"))
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == job.summary["updated"] == 0
    assert "households_created" not in job.summary and "households_updated" not in job.summary
    after = (
        list(Household.objects.order_by("pk").values()),
        list(Resident.objects.order_by("pk").values()),
    )
    assert after == before


def test_it_moves_a_person_to_the_household_the_file_names(world):
    old = household(world.leader, world.g1, address="旧址1号")
    person = resident(world.leader, old, name="搬家的人")
    content = xlsx(
        HOUSEHOLD_HEADERS,
        [[G1, "新址2号", "", "", "", "搬家的人", "户主", person.id_number, "", ""]],
    )
    job = upload_and_apply(world.leader, "households", content)
    assert job.summary["updated"] == 1
    person.refresh_from_db()
    assert person.household.address == "新址2号"


def test_it_reports_household_and_person_problems_by_row(world, settings):
    settings.LANGUAGE_CODE = "en"
    elsewhere = household(world.outsider, world.g2, address="三网格1号")
    stranger = resident(world.outsider, elsewhere)
    content = xlsx(
        HOUSEHOLD_HEADERS,
        [
            [G1, "和平路1号", "", "", "低保户", "甲", "户主", id_number(), "", ""],
            [G1, "和平路1号", "", "", "独居老人", "乙", "配偶", id_number(), "", ""],  # 3
            [G1, "和平路5号", "", "", "有钱人", "丙", "户主", id_number(), "", ""],  # 4
            # 5: registered in another street: filed like anyone new
            [G1, "和平路6号", "", "", "", "丁", "户主", stranger.id_number, "", ""],
            [G1, "和平路7号", "", "", "", "戊", "户主", id_number("19900101"), "", "1991-01-01"],
            [G1, "", "", "", "", "己", "", id_number(), "", ""],  # 7
        ],
    )
    response = upload(world.leader, "households", content)
    errors = {(r, c): m for r, c, m in errors_in(response)}
    assert "differ from row 2" in errors[(3, "住址")]
    assert "Unknown tags: 有钱人" in errors[(4, "户标签")]
    assert not any(row == 5 for row, _column in errors)
    assert "1990-01-01" in errors[(6, "出生日期")]
    assert errors[(7, "住址")] == "This cell is required."
    assert errors[(7, "与户主关系")] == "This cell is required."
    assert Household.objects.count() == 1 and Resident.objects.count() == 1
