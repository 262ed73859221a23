"""Django merges every app's catalog into one, and for a message id found in
several catalogs the earliest installed app wins (Django's own admin before
ours). So one app's translation can silently replace another's: 'Filter'
showed the admin's 过滤器, a household list's model name showed 户数 (a
count), an assessment's 'Score' showed a party member's 积分. An id that
means different things carries a context (pgettext); otherwise all catalogs
agree."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

ROOT = Path(settings.BASE_DIR)
CATALOGS = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.mo")) + [
    ROOT / "locale/zh_Hans/LC_MESSAGES/django.mo"
]


@pytest.mark.parametrize("mo", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalog_shows_what_it_says(mo):
    effective = trans_real.translation("zh-hans")
    own = gettext.GNUTranslations(mo.open("rb"))._catalog
    overridden = {
        key.replace("\x04", " | "): (text, effective._catalog.get(key))
        for key, text in own.items()
        if key and text and effective._catalog.get(key) != text
    }
    assert overridden == {}, "translated differently elsewhere; give the id a context"


def test_it_uses_the_sites_own_words_on_the_pages(world):
    client = Client()
    client.force_login(world.leader)
    assert "筛选" in client.get(reverse("case-list")).content.decode()
    assert "筛选" in client.get(reverse("household-list")).content.decode()
    assessment = client.get(reverse("assessment-unit", args=[world.g1.id])).content.decode()
    assert '<th class="num">得分</th>' in assessment
    admin = Client()
    admin.force_login(
        get_user_model().objects.create_superuser("root", password="x-long-password-1")
    )
    index = admin.get("/admin/").content.decode()
    assert "组织架构" in index and ">住户<" in index and "户数" not in index
