"""Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
from contextlib import contextmanager
from pathlib import Path

# pytest-django's live server and Playwright's sync API share the main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


@contextmanager
def browser_page(executable_path, *, viewport=None, locale="zh-CN"):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable_path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport=viewport or {"width": 1280, "height": 900},
                locale=locale,
                accept_downloads=True,
            )
            page = context.new_page()
            page.set_default_timeout(15000)
            yield page
        finally:
            browser.close()


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
