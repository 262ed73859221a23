import pytest
from django.urls import reverse

from members.models import ScoreEntry
from participation.models import Demand, DemandEvent
from tests.members.factories import member
from tests.world import make_user

from .helpers import demand, link, party, photo


@pytest.fixture
def w(world):
    return party(world)


def act(api, user, d, action, body, fmt="json"):
    return api(user).post(reverse(f"api-demand-{action}", args=[d.pk]), body, format=fmt)


def test_it_posts_claims_completes_and_rates_a_demand_with_points(w, api):
    r = api(w.leader).post(
        reverse("api-demand-list"),
        {
            "title": "帮独居老人买药",
            "description": "每周一次",
            "kind": "service",
            "grid": w.g1.pk,
            "place": "幸福路1号3栋",
            "contact_name": "张奶奶",
            "contact_phone": "13812345678",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    d = Demand.objects.get(pk=r.json()["id"])
    # The member browses the open ones near them: street and building, no phone.
    board = api(w.me_user).get(reverse("api-demand-list")).json()["results"]
    assert [(x["id"], x["place"], x["contact"], x["status"]) for x in board] == [
        (d.pk, "幸福路1号3栋", None, "posted")
    ]
    assert "13812345678" not in str(board) and "contact_phone" not in board[0]
    r = act(api, w.me_user, d, "claim", {"version": 1})
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["version"], body["claimed_by"]) == ("claimed", 2, "王在职")
    assert body["contact"] == {"name": "张奶奶", "phone": "138****5678"}
    # Rated before it is done: 409, nothing written.
    r = act(api, w.leader, d, "rate", {"version": 2, "satisfaction": "satisfied"})
    assert r.status_code == 409
    assert r.json()["status"] == "claimed"
    r = act(
        api,
        w.me_user,
        d,
        "complete",
        {"version": 2, "note": "药已送到", "photo": photo()},
        "multipart",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "done"
    r = act(api, w.leader, d, "rate", {"version": 3, "satisfaction": "satisfied", "feedback": "好"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "rated"
    assert list(DemandEvent.objects.filter(demand=d).values_list("action", "to_status")) == [
        ("post", "posted"),
        ("claim", "claimed"),
        ("complete", "done"),
        ("rate", "rated"),
    ]
    assert list(
        ScoreEntry.objects.values_list("member_id", "points", "source_kind", "source_id")
    ) == [(w.me.pk, 3, "demand", d.pk)]


def test_it_answers_a_stale_version_and_a_second_claim_with_409(w, api):
    d = demand(w)
    other_user = make_user("member2")
    link(w.m2, other_user)
    assert act(api, w.me_user, d, "claim", {"version": 1}).status_code == 200
    r = act(api, other_user, d, "claim", {"version": 1})
    assert r.status_code == 409
    assert r.json()["version"] == 2 and r.json()["status"] == "claimed"
    r = act(api, other_user, d, "claim", {"version": 2})
    assert r.status_code == 409
    d.refresh_from_db()
    assert (d.claimed_member_id, d.version) == (w.me.pk, 2)


def test_it_refuses_bad_demand_input_with_a_message_per_field(w, api):
    r = api(w.leader).post(
        reverse("api-demand-list"),
        {"title": "", "description": "x", "kind": "gift", "grid": w.g1.pk, "place": ""},
        format="json",
    )
    assert r.status_code == 400
    assert set(r.json()) == {"title", "kind", "place"}
    r = api(w.leader).post(
        reverse("api-demand-list"),
        {"title": "t", "description": "x", "kind": "wish", "grid": w.g2.pk, "place": "p"},
        format="json",
    )
    assert r.status_code == 400 and set(r.json()) == {"grid"}
    assert not Demand.objects.exists()


def test_it_keeps_a_demand_from_the_next_grid_out_of_sight(w, api):
    d = demand(w)
    assert api(w.outsider).get(reverse("api-demand-detail", args=[d.pk])).status_code == 404
    far_user = make_user("farmember")
    link(w.far, far_user)
    assert act(api, far_user, d, "claim", {"version": 1}).status_code == 404


def test_it_lets_a_partner_unit_claim_through_its_people(w, api):
    d = demand(w)
    r = act(api, w.handler, d, "claim", {"version": 1, "unit": w.d1.pk})
    # The department handler does not see G1's board.
    assert r.status_code == 404
    r = act(api, w.community, d, "claim", {"version": 1, "unit": w.c1.pk})
    assert r.status_code == 200, r.content
    assert r.json()["claimed_by"] == "一社区"


def test_it_lets_nobody_rate_their_own_work(w, api):
    d = demand(w)
    assert act(api, w.leader, d, "claim", {"version": 1, "unit": w.g1.pk}).status_code == 200
    assert act(api, w.leader, d, "complete", {"version": 2, "note": "done"}).status_code == 200
    r = act(api, w.leader, d, "rate", {"version": 3, "satisfaction": "satisfied"})
    assert r.status_code == 403
    assert (
        act(
            api, w.community, d, "rate", {"version": 3, "satisfaction": "basically_satisfied"}
        ).status_code
        == 200
    )


def test_it_cancels_with_a_reason_only(w, api):
    d = demand(w)
    r = act(api, w.leader, d, "cancel", {"version": 1, "reason": ""})
    assert r.status_code == 400 and set(r.json()) == {"reason"}
    r = act(api, w.leader, d, "cancel", {"version": 1, "reason": "已由家属解决"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    r = act(api, w.me_user, d, "claim", {"version": 2})
    assert r.status_code == 409 and r.json()["status"] == "cancelled"


def test_it_reminds_needs_left_unclaimed(w, settings):
    import datetime

    from django.utils import timezone

    from participation.tasks import remind_unclaimed_demands

    settings.GRIDGOV_DEMAND_REMIND_DAYS = 3
    old = demand(w, at=timezone.now() - datetime.timedelta(days=4))
    demand(w, title="新的")
    assert remind_unclaimed_demands.delay().get() == 1
    assert remind_unclaimed_demands.delay().get() == 0
    assert list(
        DemandEvent.objects.filter(action="remind").values_list("demand_id", flat=True)
    ) == [old.pk]
    # The grid staff hear of it through the outbox, once.
    from grid_gov.models import OutboxMessage

    sent = OutboxMessage.objects.filter(kind="participation.demand_remind")
    assert [m.payload["demand"] for m in sent] == [old.pk]


def test_it_never_shows_the_household_id_to_a_claimer(w, api):
    m = member(w.leader, w.g1, name="户主")
    assert m.id_number
    d = demand(w)
    body = api(w.me_user).get(reverse("api-demand-detail", args=[d.pk])).json()
    assert "household" not in body and m.id_number not in str(body)
