"""Government intranets often have no internet: every asset is served by the
project, none from a CDN."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+url\(["']?(https?:)?//|url\(["']?https?://""", re.I)


def _project_templates():
    for path in ROOT.rglob("*.html"):
        if ".venv" in path.parts or "staticfiles" in path.parts:
            continue
        yield path


def test_it_loads_no_asset_from_another_host_in_templates():
    offenders = [str(p) for p in _project_templates() if EXTERNAL.search(p.read_text())]
    assert offenders == []


def test_it_imports_no_remote_css():
    css = [p for p in (ROOT / "static").rglob("*.css")]
    assert css
    assert [str(p) for p in css if CSS_IMPORT.search(p.read_text(errors="ignore"))] == []


def test_it_serves_the_api_docs_assets_itself(db, client, django_user_model):
    user = django_user_model.objects.create_user("docs", password="pw-123456")
    client.force_login(user)
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert not EXTERNAL.search(html)


def test_it_serves_static_files_through_whitenoise():
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
