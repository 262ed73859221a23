"""The dual report's record on pages (双报到 → 践诺 → 纪实): the community
sees who reported there with their pledges and services, adds a pledge and
records a service done with hours and a photo; the member sees their own
and pledges, but records no service of their own; a teammate's and an
outsider's view."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import services as people
from members.models import PioneerPost, ScoreEntry
from participation.models import Pledge, ServiceRecord

from .helpers import party, photo


@pytest.fixture
def w(world):
    party(world)
    world.report = world.me.dual_report
    return world


def client(user):
    c = Client()
    c.force_login(user)
    return c


def record(user, w, what, **extra):
    data = {
        "what": what,
        "on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "hours": "2.5",
        "note": "为老人义诊",
    }
    data.update(extra)
    return client(user).post(reverse("party-report-service", args=[w.report.pk]), data)


def test_it_goes_from_the_report_to_pledges_to_services_done(w):
    listing = client(w.community).get(reverse("party-report-list"))
    assert listing.status_code == 200
    assert [r.member.name for r in listing.context["reports"]] == ["王在职"]
    url = reverse("party-report-pledge", args=[w.report.pk])
    # The member pledges for themselves; the community adds another.
    assert client(w.me_user).post(url, {"title": "周末义诊"}).status_code == 302
    assert client(w.community).post(url, {"title": "法律咨询"}).status_code == 302
    clinic, law = Pledge.objects.order_by("pk")
    r = record(w.community, w, f"pledge-{clinic.pk}", photo=photo())
    assert r.status_code == 302
    assert record(w.community, w, f"pledge-{clinic.pk}", hours="1").status_code == 302
    done = ServiceRecord.objects.filter(member=w.me, kind="pledge").order_by("pk")
    assert [(s.pledge_id, s.hours, s.unit_id) for s in done] == [
        (clinic.pk, Decimal("2.5"), w.c1.pk),
        (clinic.pk, Decimal("1.0"), w.c1.pk),
    ]
    assert done[0].photo
    # The catalogue's points for a pledged service, with its source.
    assert ScoreEntry.objects.filter(member=w.me, source_kind="pledge_service").count() == 2
    page = client(w.me_user).get(reverse("party-report-detail", args=[w.report.pk]))
    assert page.status_code == 200
    pledges = {p.title: (p.n, p.h) for p in page.context["pledges"]}
    assert pledges == {"周末义诊": (2, Decimal("3.5")), "法律咨询": (0, None)}
    assert (page.context["total_n"], page.context["total_hours"]) == (2, Decimal("3.5"))
    shown = reverse("party-photo", args=["service", done[0].pk])
    assert shown in page.content.decode()
    assert client(w.me_user).get(shown)["Content-Type"] == "image/png"
    assert client(w.community).get(shown).status_code == 200
    assert client(w.street2).get(shown).status_code == 404
    assert client(w.community).get(reverse("party-photo", args=["case", 1])).status_code == 404
    # The member records no service of their own: no form, and 403.
    assert not page.context["may_record"]
    assert record(w.me_user, w, f"pledge-{law.pk}").status_code == 403
    listing = client(w.community).get(reverse("party-report-list")).context["reports"]
    assert [(r.pledged, r.services_done, r.hours) for r in listing] == [(2, 2, Decimal("3.5"))]


def test_it_records_what_was_done_under_a_pioneer_post(w):
    post = PioneerPost.objects.create(name="政策宣传岗")
    other = PioneerPost.objects.create(name="平安巡逻岗")
    people.pioneer_pledge_set(
        member=w.me, user=w.leader, posts=[post], services=["宣讲", "走访", "调解"]
    )
    assert record(w.community, w, f"post-{post.pk}").status_code == 302
    assert list(ServiceRecord.objects.values_list("kind", "post_id")) == [("pioneer", post.pk)]
    # A post the member does not hold is not offered.
    r = record(w.community, w, f"post-{other.pk}")
    assert r.status_code == 400 and "what" in r.context["done_form"].errors
    assert ServiceRecord.objects.count() == 1


def test_it_refuses_bad_input_with_a_message_per_field_and_writes_nothing(w):
    pledge_url = reverse("party-report-pledge", args=[w.report.pk])
    r = client(w.community).post(pledge_url, {"title": " "})
    assert r.status_code == 400
    assert r.context["pledge_form"].errors == {"title": ["该字段是必填项。"]}
    pledge = Pledge.objects.create(report=w.report, title="周末义诊")
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = record(w.community, w, f"pledge-{pledge.pk}", hours="25", on=future, note="")
    assert r.status_code == 400
    assert set(r.context["done_form"].errors) == {"hours", "on", "note"}
    assert ServiceRecord.objects.count() == 0 and Pledge.objects.count() == 1


def test_it_keeps_a_report_to_its_community_and_the_member(w):
    detail = reverse("party-report-detail", args=[w.report.pk])
    # The grid leader of the member's own branch sees it; the grid worker
    # too, but neither keeps the community's record.
    for user in (w.leader, w.teammate):
        page = client(user).get(detail)
        assert page.status_code == 200 and not page.context["may_record"]
    pledge = Pledge.objects.create(report=w.report, title="周末义诊")
    assert record(w.teammate, w, f"pledge-{pledge.pk}").status_code == 403
    # The next street's office sees neither the report nor the list entry.
    assert client(w.street2).get(detail).status_code == 404
    listing = client(w.street2).get(reverse("party-report-list")).context["reports"]
    assert listing == []
    assert record(w.street2, w, f"pledge-{pledge.pk}").status_code == 404
    assert ServiceRecord.objects.count() == 0


def test_it_lists_reports_and_takes_pledges_over_the_api(w, api):
    url = reverse("api-dual-report-pledges", args=[w.report.pk])
    r = api(w.me_user).post(url, {"title": "周末义诊"}, format="json")
    assert r.status_code == 201
    assert [p["title"] for p in r.json()["pledges"]] == ["周末义诊"]
    r = api(w.community).post(url, {"title": "  "}, format="json")
    assert r.status_code == 400 and r.json() == {"title": ["该字段是必填项。"]}
    # The grid worker of the member's branch sees the report but pledges nothing.
    assert api(w.teammate).post(url, {"title": "x"}, format="json").status_code == 403
    assert api(w.street2).post(url, {"title": "x"}, format="json").status_code == 404
    assert list(Pledge.objects.values_list("title", flat=True)) == ["周末义诊"]
    listing = api(w.community).get(reverse("api-dual-report-list")).json()
    assert [(r["member_name"], len(r["pledges"])) for r in listing["results"]] == [("王在职", 1)]
    assert api(w.street2).get(reverse("api-dual-report-list")).json()["results"] == []
    # The service done names the pledge.
    pledge = Pledge.objects.get()
    body = {
        "kind": "pledge",
        "unit": w.c1.pk,
        "member": w.me.pk,
        "pledge": pledge.pk,
        "on": timezone.localdate().isoformat(),
        "hours": "2",
        "note": "义诊",
    }
    assert (
        api(w.community).post(reverse("api-service-list"), body, format="json").status_code == 201
    )
