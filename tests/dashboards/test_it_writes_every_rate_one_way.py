"""A rate is written one way everywhere: rounded half up to 0.1 % once, the
same on the page, in print, in Excel and in the API; with a zero
denominator it is no figure (null, "—", an empty cell), never 0%.

一网格 has sixteen cases in February 2025, all closed, thirteen on time:
an on-time rate of 13/16 = 81.25 %, which is 81.3 % rounded half up (cut
off, or rounded half to even, it would read 81.2 %). Fifteen took a day,
one a day and 48 minutes: a mean of 24.05 hours, 24.1 rounded half up.
二网格 has no case at all in that month.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.dashboards.helpers import at, categories, close_case, file_case
from tests.dashboards.pages import read_page, workbook_cells

FEBRUARY = "from=2025-02-01&to=2025-02-28"
RATES = ("self_handled_share", "closure_rate", "on_time_rate", "satisfaction_rate", "reopen_rate")


@pytest.fixture
def february(world):
    cats = categories()
    for i in range(16):
        reported = at(2025, 2, 1 + i)
        case = file_case(
            grid=world.g1, category=cats["fire"], reporter=world.leader, reported_at=reported
        )
        took = timedelta(days=1, minutes=48 if i == 0 else 0)
        close_case(case, closed_at=reported + took, on_time=i < 13)
    return world


def _page(user, unit, query=FEBRUARY):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("dashboard-unit", args=[unit.id]) + "?" + query)
    assert response.status_code == 200
    return read_page(response)


def test_it_answers_the_api_with_one_rounding_and_null_rates(february, api):
    w = february
    response = api(w.orgdept).get(f"/api/v1/dashboard/?unit={w.c1.id}&{FEBRUARY}")
    assert response.status_code == 200
    children = {c["name"]: c["cases"] for c in response.json()["children"]}
    busy, empty = children["一网格"], children["二网格"]
    assert {k: busy[k] for k in (*RATES, "mean_hours_to_close")} == {
        "self_handled_share": 1.0,
        "closure_rate": 1.0,
        "on_time_rate": 0.813,
        "satisfaction_rate": 1.0,
        "reopen_rate": 0.0,
        "mean_hours_to_close": 24.1,
    }
    assert {k: empty[k] for k in ("reported", "closed", *RATES, "mean_hours_to_close")} == {
        "reported": 0,
        "closed": 0,
        "self_handled_share": None,
        "closure_rate": None,
        "on_time_rate": None,
        "satisfaction_rate": None,
        "reopen_rate": None,
        "mean_hours_to_close": None,
    }


def test_it_shows_the_same_figures_on_the_page_and_in_print(february):
    w = february
    for query in (FEBRUARY, FEBRUARY + "&print=1"):
        busy = _page(w.leader, w.g1, query).figures
        assert {k: busy[k] for k in (*RATES, "mean_hours_to_close")} == {
            "self_handled_share": "100.0%",
            "closure_rate": "100.0%",
            "on_time_rate": "81.3%",
            "satisfaction_rate": "100.0%",
            "reopen_rate": "0.0%",
            "mean_hours_to_close": "24.1",
        }
        empty = _page(w.community, w.g1b, query).figures
        assert {k: empty[k] for k in ("reported", *RATES, "mean_hours_to_close")} == {
            "reported": "0",
            "self_handled_share": "—",
            "closure_rate": "—",
            "on_time_rate": "—",
            "satisfaction_rate": "—",
            "reopen_rate": "—",
            "mean_hours_to_close": "—",
        }


def test_it_ranks_children_with_dashes_for_no_figure(february):
    w = february
    page = _page(w.community, w.c1)
    rows = {row[1]: row for row in page.tables["children"]}
    # Reported, self-handled share, to community, to street, to district,
    # closed; five columns of where they were finished; closure rate,
    # on-time rate, mean hours, satisfaction, reopen rate.
    assert rows["一网格"][7:13] + rows["一网格"][18:23] == [
        "16",
        "100.0%",
        "0",
        "0",
        "0",
        "16",
        "100.0%",
        "81.3%",
        "24.1",
        "100.0%",
        "0.0%",
    ]
    assert rows["二网格"][7:13] + rows["二网格"][18:23] == [
        "0",
        "—",
        "0",
        "0",
        "0",
        "0",
        "—",
        "—",
        "—",
        "—",
        "—",
    ]


def test_it_exports_the_rounded_rate_and_empty_cells(february):
    w = february
    client = Client()
    client.force_login(w.community)
    response = client.get(reverse("dashboard-export", args=[w.c1.id, "children"]) + "?" + FEBRUARY)
    assert response.status_code == 200
    sheet = workbook_cells(response)
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=4)}
    busy, empty = rows["一网格"], rows["二网格"]
    assert [(c.value, c.number_format) for c in busy[18:23]] == [
        (1.0, "0.0%"),
        (0.813, "0.0%"),
        (24.1, "0.0"),
        (1.0, "0.0%"),
        (0.0, "0.0%"),
    ]
    assert [c.value for c in empty[7:13] + empty[18:23]] == [
        0,
        None,
        0,
        0,
        0,
        0,
        None,
        None,
        None,
        None,
        None,
    ]


def test_it_shows_no_figure_for_a_unit_with_no_case_in_the_summary_export(february):
    w = february
    client = Client()
    client.force_login(w.community)
    response = client.get(reverse("dashboard-export", args=[w.g1b.id, "summary"]) + "?" + FEBRUARY)
    values = {row[0].value: row[1].value for row in workbook_cells(response).iter_rows(min_row=4)}
    assert [
        values[k] for k in ("办结率", "按时办结率", "平均办结时长（小时）", "满意率", "重办率")
    ] == [
        None,
        None,
        None,
        None,
        None,
    ]
