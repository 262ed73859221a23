from django.urls import reverse

from tests.world import PASSWORD


def test_it_signs_in_on_a_chinese_login_page(world, client):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "登录" in html and "用户名" in html and 'lang="zh-hans"' in html
    response = client.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_says_the_credentials_are_wrong_without_saying_which(world, client):
    wrong_password = client.post(reverse("login"), {"username": "leader", "password": "x"})
    unknown_user = client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert "用户名或密码错误" in wrong_password.content.decode()
    assert "用户名或密码错误" in unknown_user.content.decode()


def test_it_speaks_english_when_asked(world, client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Sign in" in page.content.decode()


def test_it_shows_positions_on_the_home_page(world, client):
    client.force_login(world.leader)
    html = client.get(reverse("home")).content.decode()
    assert "我的岗位" in html
    assert "一网格" in html and "网格长" in html
    assert "三网格" not in html


def test_it_browses_children_with_counts(world, client):
    client.force_login(world.street)
    html = client.get(reverse("unit-detail", args=[world.s1.id])).content.decode()
    assert "一社区" in html and "街道执法队" in html
    assert "2 个网格 · 500 户" in html  # c1: g1 (300) + g1b (200)
    assert "二街道" not in html


def test_it_expands_a_node_in_place(world, client):
    client.force_login(world.street)
    html = client.get(reverse("unit-children", args=[world.c1.id])).content.decode()
    assert "一网格" in html and "二网格" in html
    assert "<html" not in html


def test_it_starts_the_breadcrumb_at_the_callers_root(world, client):
    client.force_login(world.community)
    html = client.get(reverse("unit-detail", args=[world.g1.id])).content.decode()
    assert "一社区" in html
    assert "一街道" not in html


def test_it_uses_the_deployments_level_names(world, client):
    from orgs.models import KindLabel

    KindLabel.objects.create(kind="grid", label="微网格")
    client.force_login(world.community)
    html = client.get(reverse("unit-detail", args=[world.c1.id])).content.decode()
    assert "微网格" in html
