"""The OpenAPI schema states every answer an operation gives, errors
included, each with the shared error bodies."""

import pytest

ERROR_BODIES = {
    "#/components/schemas/Error",
    "#/components/schemas/ValidationError",
    "#/components/schemas/Conflict",
}


@pytest.fixture
def schema(world, api):
    response = api(world.admin).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.django_db
def test_it_gives_every_error_answer_the_shared_body(schema):
    missing = []
    for name, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if code >= "400":
                ref = response.get("content", {}).get("application/json", {}).get("schema", {})
                if ref.get("$ref") not in ERROR_BODIES:
                    missing.append(f"{name} {code}")
    assert missing == []


@pytest.mark.django_db
def test_it_states_the_errors_each_kind_of_operation_gives(schema):
    paths = schema["paths"]
    codes = {
        name: sorted(paths[path][method]["responses"])
        for name, path, method in [
            ("case list", "/api/v1/cases/", "get"),
            ("case", "/api/v1/cases/{id}/", "get"),
            ("escalate", "/api/v1/cases/{id}/escalate/", "post"),
            ("categories", "/api/v1/case-categories/", "get"),
            ("token", "/api/v1/auth/token/", "post"),
            ("unit change", "/api/v1/units/{id}/", "patch"),
        ]
    }
    assert codes == {
        "case list": ["200", "400", "401", "404"],
        "case": ["200", "401", "404"],
        "escalate": ["200", "400", "401", "403", "404", "409", "413", "415", "429"],
        "categories": ["200", "401"],
        "token": ["200", "400", "413", "415", "429"],
        "unit change": ["200", "400", "401", "403", "404", "413", "415", "429"],
    }
    assert "put" not in paths["/api/v1/units/{id}/"]
    retry = paths["/api/v1/cases/"]["post"]["responses"]["429"]["headers"]
    assert list(retry) == ["Retry-After"]
