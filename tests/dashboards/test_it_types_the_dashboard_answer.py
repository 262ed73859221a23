"""The OpenAPI schema describes the dashboard answer field by field, and the
real answers keep to it: a district with children, a grid whose party group
has no case figures, and an empty period whose rates are null."""

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.dashboards.helpers import at, categories, close_case, file_case


def _json_schema(node):
    """OpenAPI 3.0 to JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def answer_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/dashboard/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    components = _json_schema(schema["components"])
    return {**_json_schema(body), "components": components}


def test_it_names_every_figure_in_the_schema(answer_schema):
    components = answer_schema["components"]["schemas"]
    assert answer_schema["$ref"] == "#/components/schemas/Dashboard"
    cases = components["CaseFigures"]
    assert sorted(cases["required"]) == sorted(
        [
            "reported",
            "cancelled",
            "self_handled",
            "self_handled_share",
            "escalated_community",
            "escalated_street",
            "escalated_district",
            "finished_grid",
            "finished_community",
            "finished_street",
            "finished_district",
            "finished_department",
            "closed_of_reported",
            "closure_rate",
            "closed",
            "closed_on_time",
            "on_time_rate",
            "mean_hours_to_close",
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
            "satisfaction_rate",
            "reopened",
            "reopen_rate",
        ]
    )
    rate = cases["properties"]["on_time_rate"]["anyOf"]
    assert [r["type"] for r in rate] == ["number", "null"]


def test_it_answers_as_the_schema_says(world, api, answer_schema):
    cats = categories()
    for day in (3, 10):
        case = file_case(
            grid=world.g1,
            category=cats["fire"],
            reporter=world.leader,
            reported_at=at(2025, 2, day),
        )
        close_case(case, closed_at=at(2025, 2, day + 1))
    client = api(world.admin)
    checked = 0
    for unit, period in [
        (world.region, "from=2025-01-01&to=2025-03-31"),
        (world.c1, "from=2025-02-01&to=2025-02-28"),
        (world.g1, "from=2025-02-01&to=2025-02-28"),  # a party group below it
        (world.g1b, "from=2031-01-01&to=2031-01-31"),  # nothing at all
    ]:
        response = client.get(f"/api/v1/dashboard/?unit={unit.id}&{period}")
        assert response.status_code == 200
        jsonschema.validate(response.json(), answer_schema)
        checked += 1
    assert checked == 4
    empty = client.get(f"/api/v1/dashboard/?unit={world.g1b.id}&from=2031-01-01&to=2031-01-31")
    assert empty.json()["cases"]["closure_rate"] is None
    grid = client.get(f"/api/v1/dashboard/?unit={world.g1.id}&from=2025-02-01&to=2025-02-28")
    assert [(c["kind"], c["cases"]) for c in grid.json()["children"]] == [("party_group", None)]
