"""Bad periods and units get a 4xx with a message a person can act on; an
empty period shows zeros."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboards.models import CaseDayRollup, CaseMonthRollup


def _get(api, user, query):
    return api(user).get(reverse("api-dashboard") + query)


def test_it_refuses_a_period_that_ends_before_it_starts(world, api):
    response = _get(api, world.orgdept, f"?unit={world.region.id}&from=2025-03-01&to=2025-02-01")
    assert response.status_code == 400
    assert "2025-02-01" in response.json()["to"][0]


def test_it_refuses_dates_it_cannot_read(world, api):
    for bad in ["2025-13-01", "20250101", "yesterday", "2025-02-30"]:
        response = _get(api, world.orgdept, f"?unit={world.region.id}&from={bad}&to=2025-12-31")
        assert response.status_code == 400, bad
        assert "YYYY-MM-DD" in response.json()["from"][0]


def test_it_refuses_a_unit_that_is_not_a_number(world, api):
    response = _get(api, world.orgdept, "?unit=abc")
    assert response.status_code == 400
    assert "abc" in response.json()["unit"][0]


def test_it_answers_404_with_a_message_for_an_unknown_unit(world, api):
    response = _get(api, world.orgdept, "?unit=987654")
    assert response.status_code == 404
    assert "987654" in response.json()["detail"]


def test_it_shows_counts_of_zero_and_no_rates_for_an_empty_period(world, api):
    response = _get(api, world.orgdept, f"?unit={world.region.id}&from=2031-01-01&to=2031-01-31")
    assert response.status_code == 200
    cases = response.json()["cases"]
    assert (cases["reported"], cases["closure_rate"], cases["mean_hours_to_close"]) == (
        0,
        None,
        None,
    )
    assert all(c["cases"]["reported"] == 0 for c in response.json()["children"])


def test_it_defaults_to_this_year_to_date(world, api):
    period = _get(api, world.orgdept, f"?unit={world.region.id}").json()["period"]
    today = timezone.localdate()
    assert period["from"] == f"{today.year}-01-01"
    assert period["to"][:4] == str(today.year)


def test_it_shows_the_message_on_the_page_and_writes_nothing(world):
    client = Client()
    client.force_login(world.orgdept)
    url = reverse("dashboard-unit", args=[world.region.id])
    response = client.get(url + "?from=2025-05-01&to=2025-04-01")
    assert response.status_code == 400
    assert "2025-04-01" in response.content.decode()
    response = client.get(url + "?from=soon&to=2025-04-01")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()
    export = reverse("dashboard-export", args=[world.region.id, "children"])
    assert client.get(export + "?from=2025-05-01&to=2025-04-01").status_code == 400
    assert (
        client.get(reverse("dashboard-export", args=[world.region.id, "nope"])).status_code == 404
    )
    assert not CaseMonthRollup.objects.exists() and not CaseDayRollup.objects.exists()


def test_it_gives_an_empty_period_zero_weeks_not_errors(world):
    from datetime import date

    from dashboards.selectors import dashboard_figures

    figures = dashboard_figures(
        unit=world.region, date_from=date(2030, 1, 1), date_to=date(2030, 3, 31)
    )
    assert figures["cases"]["reported"] == 0
    assert figures["by_category"] == []
    assert all(p["reported"] == 0 and p["closed"] == 0 for p in figures["trend"])
    assert len(figures["trend"]) == 13  # Mondays 2029-12-31 … 2030-03-25
