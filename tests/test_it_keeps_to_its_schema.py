"""The API against its own OpenAPI schema, by schemathesis with every check:
requests generated from the schema (valid and invalid), sent to the test
server as a district administrator and as a grid leader. No server error, no
answer that the schema does not describe (status, content type, body,
headers), invalid input refused, `Allow` listing exactly the methods served.

Bounded: a few examples per operation, one worker, a fixed seed, so a run
takes minutes on a small machine and a failure reproduces."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from knox.models import AuthToken

from cases.models import Case, CaseCategory, CaseDeadline
from cases.seed import seed_categories
from members.models import Household, PartyMember, Resident
from orgs.models import OrgUnit
from tests.cases.conftest import make_case
from tests.members.factories import household, member, resident
from tests.world import build_world

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = int(os.environ.get("GRIDGOV_SCHEMA_EXAMPLES", "6"))
SEED = os.environ.get("GRIDGOV_SCHEMA_SEED", "20260601")
# The coverage phase (every boundary value of every parameter) takes a quarter
# of an hour on two cores: GRIDGOV_SCHEMA_PHASES=examples,coverage,fuzzing,stateful
# runs it too.
PHASES = os.environ.get("GRIDGOV_SCHEMA_PHASES", "examples,fuzzing,stateful")

# Schema-valid input may still name a row that does not exist or break a
# rule a schema cannot state (a resident's household in another grid, a
# case's version that moved on): the API refuses it with 400, 404 or 409.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409"]

[dictionaries.ids]
values = {ids}

[parameters]
"path.id" = {{ dictionary = "ids", probability = 0.5 }}
"""


def _world():
    world = build_world()
    seed_categories(CaseCategory, CaseDeadline)
    cats = {c.code: c for c in CaseCategory.objects.all()}
    for at, status in [("g1_new", "reported"), ("g1", "handling"), ("c1", "reported")]:
        make_case(world, cats, at=at, status=status)
    h = household(world.leader, world.g1, address="幸福路1号3栋2单元502室")
    resident(world.leader, h, name="欧阳建华")
    member(world.leader, world.g1, name="司马文静")
    return world


def _ids() -> list[str]:
    """Ids of rows that exist, so about half the requests reach an object
    (as text: some paths type their id as a string of digits)."""
    ids = set()
    for model in (Case, Household, Resident, PartyMember, OrgUnit):
        ids.update(model.objects.values_list("pk", flat=True)[:6])
    return [str(pk) for pk in sorted(ids)]


def _schemathesis(live_server, tmp_path, user, *extra):
    _, token = AuthToken.objects.create(user=user)
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(ids=_ids()))
    report = tmp_path / "report"
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "--no-color",
            "run",
            f"{live_server.url}/api/schema/",
            "--header",
            f"Authorization: Token {token}",
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            SEED,
            "--phases",
            PHASES,
            "--workers",
            "1",
            "--report",
            "junit",
            "--report-dir",
            str(report),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    return result


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["admin", "leader"])
def test_it_answers_as_its_schema_says(live_server, tmp_path, who):
    world = _world()
    # Signing out would end the run's own token: those two have a test below.
    result = _schemathesis(
        live_server, tmp_path, getattr(world, who), "--exclude-path-regex", "/auth/logout"
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-2000:]
    assert "Tested: " in result.stdout


@pytest.mark.django_db(transaction=True)
def test_it_signs_out_as_its_schema_says(live_server, tmp_path):
    world = _world()
    result = _schemathesis(live_server, tmp_path, world.leader, "--include-path-regex", "/auth/")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-2000:]


@pytest.mark.django_db
def test_it_refuses_the_inputs_the_schema_run_found(world, api):
    member_id = member(world.leader, world.g1, name="司马文静").pk
    client = api(world.admin)
    answers = {
        path: (r.status_code, r.json())
        for path, r in (
            (path, client.get(path))
            for path in [
                f"/api/v1/members/{member_id}/scores/?year=-6544",
                "/api/v1/cases/?was_overdue=null",
                "/api/v1/cases/?overdue=maybe",
                "/api/v1/grids/?unit=null",
            ]
        )
    }
    assert answers == {
        f"/api/v1/members/{member_id}/scores/?year=-6544": (
            400,
            {"year": ["请填写年份，如 2026。"]},
        ),
        "/api/v1/cases/?was_overdue=null": (400, {"was_overdue": ["请填写 true 或 false。"]}),
        "/api/v1/cases/?overdue=maybe": (400, {"overdue": ["请填写 true 或 false。"]}),
        "/api/v1/grids/?unit=null": (400, {"unit": ["请填写单位的数字 ID。"]}),
    }


@pytest.mark.django_db
def test_it_lists_in_allow_only_the_methods_a_unit_serves(world, api):
    response = api(world.admin).put(f"/api/v1/units/{world.g1.pk}/", {"name": "新名"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, PATCH, HEAD, OPTIONS"
