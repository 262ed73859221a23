"""Wording people read every day: a done action says what happened (已受理),
a quarter reads 2026年第三季度, a label is followed by a Chinese colon, a
sheet is named in Chinese, a refusal names the page that refused."""

import re

from django.test import Client

from members.models import ImportJob
from tests.cases.conftest import cats, file_case  # noqa: F401 - the fixture
from tests.dashboards.helpers import ensure_checklist


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _messages(html: str) -> list[str]:
    return re.findall(r'<li class="msg-\w+">([^<]+)</li>', html)


def test_it_says_a_case_was_accepted(world, cats):  # noqa: F811
    case = file_case(world, cats)
    client = _client(world.leader)
    response = client.post(f"/cases/{case.id}/act/accept/", {"version": 1}, follow=True)
    assert _messages(response.content.decode()) == ["已受理。"]


def test_it_writes_quarters_as_people_do(world):
    ensure_checklist()
    html = _client(world.orgdept).get(f"/assessments/{world.g1.id}/?quarter=2026Q3").content
    html = html.decode()
    assert '<option value="2026Q3" selected>2026年第三季度</option>' in html
    assert "2026Q3</option>" not in html


def test_it_puts_a_chinese_colon_after_a_label_and_names_sheets(world):
    job = ImportJob.objects.create(
        user=world.leader, kind="households", file_name="户.xlsx", token="t" * 32
    )
    client = _client(world.leader)
    index = client.get("/imports/").content.decode()
    assert "<td>户档与居民</td>" in index
    assert "households" not in re.sub(r'(href|action)="[^"]*"', "", index)
    detail = client.get(f"/imports/jobs/{job.id}/").content.decode()
    assert "状态：" in detail
    assert not re.search(r"[\u4e00-\u9fff]: ", detail)


def test_it_refuses_score_entry_naming_the_assessment(world):
    ensure_checklist()
    response = _client(world.leader).get(f"/assessments/{world.g1.id}/enter/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "您的岗位无权在此录入考核分数，请联系组织部。" in text
    assert "无权查看此处的数据看板" not in text
