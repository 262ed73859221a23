from cases.models import CaseCategory, CaseDeadline
from cases.seed import CATEGORIES


def test_it_serves_the_seeded_tree_with_effective_deadlines(world, cats, api):
    response = api(world.leader).get("/api/v1/case-categories/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(CATEGORIES) >= 7
    names = [root["name"] for root in body["results"]]
    assert names[:7] == [
        "安全生产",
        "消防安全",
        "食品药品",
        "环境与市容",
        "矛盾纠纷",
        "民生服务",
        "社会治安",
    ]
    for root in body["results"]:
        assert 2 <= len(root["children"]) <= 5
        assert set(root) == {"id", "name", "code", "deadlines", "children"}
        hours = root["deadlines"]
        assert hours["emergency"] <= 4 and 12 <= hours["urgent"] <= 48
        assert 72 <= hours["normal"] <= 168
        for leaf in root["children"]:
            assert leaf["children"] == []
    fire = body["results"][1]
    by_code = {leaf["code"]: leaf for leaf in fire["children"]}
    assert by_code["0204"]["deadlines"] == fire["deadlines"]  # inherited
    chem = {leaf["code"]: leaf for leaf in body["results"][0]["children"]}["0104"]
    assert chem["deadlines"]["urgent"] == 12  # its own row


def test_it_leaves_out_retired_categories(world, cats, api):
    CaseCategory.objects.filter(code="0303").update(active=False)
    body = api(world.leader).get("/api/v1/case-categories/").json()
    codes = {leaf["code"] for root in body["results"] for leaf in root["children"]}
    assert "0303" not in codes and "0301" in codes


def test_it_seeds_every_deployment_by_migration(db):
    # The migration ran when the test database was built (unless a
    # transactional test flushed it since): the seed is idempotent.
    from cases.seed import seed_categories

    seed_categories(CaseCategory, CaseDeadline)
    assert seed_categories(CaseCategory, CaseDeadline) == 0
    assert CaseCategory.objects.filter(parent__isnull=True).count() == len(CATEGORIES)
    assert CaseDeadline.objects.filter(category__parent__isnull=True).count() == 3 * len(CATEGORIES)


def test_it_needs_credentials(api):
    assert api().get("/api/v1/case-categories/").status_code == 401
