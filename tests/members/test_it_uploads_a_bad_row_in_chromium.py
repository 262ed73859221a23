"""In a real browser: a grid leader uploads a member sheet with one bad row,
sees that row's number, column and message, and nothing is written."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from members.models import ImportJob, PartyMember
from tests.world import PASSWORD

from .excel import MEMBER_HEADERS
from .factories import bad_check_digit, id_number, xlsx

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_shows_the_bad_row_of_an_upload(world, live_server, needs_chromium, tmp_path):
    bad = bad_check_digit(id_number())
    sheet = tmp_path / "党员.xlsx"
    sheet.write_bytes(
        xlsx(
            MEMBER_HEADERS,
            [
                ["好党员", id_number(), "女", "普通党员", "TQ/01/001/01", "2010-07-01", ""],
                ["错号党员", bad, "男", "在职党员", "TQ/01/001/01", "", "13812345678"],
            ],
        )
    )
    RESULTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=needs_chromium, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "leader")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            page.goto(f"{live_server.url}/imports/members/")
            page.set_input_files("input[type=file]", str(sheet))
            page.click(".upload-form button[type=submit]")
            table = page.locator("table.import-errors")
            table.wait_for()
            page.screenshot(path=str(RESULTS / "upload-bad-row.png"), full_page=True)
            rows = table.locator("tbody tr")
            assert rows.count() == 1
            cells = rows.first.locator("td").all_inner_texts()
            assert cells[0] == "3" and cells[1] == "身份证号"
            assert "校验位" in cells[2]
            assert "未写入任何数据" in page.content()
        finally:
            browser.close()
    assert PartyMember.objects.count() == 0 and ImportJob.objects.count() == 0
