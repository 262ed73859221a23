"""Password validators apply wherever a password is set: the admin's new-user
and change-password forms and `changepassword`; the messages are Chinese."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def admin_client(world):
    world.admin.is_superuser = True
    world.admin.save()
    client = Client()
    client.force_login(world.admin)
    return client


def test_it_refuses_a_weak_password_for_a_new_user_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newworker",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "密码太短：至少需要 10 个字符。" in page
    assert "这个密码太常见了。" in page
    assert "密码只包含数字。" in page
    assert not get_user_model().objects.filter(username="newworker").exists()


def test_it_refuses_a_password_like_the_user_name_in_the_admin(admin_client, world):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[world.leader.pk]),
        {"password1": "leader12345", "password2": "leader12345", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "密码跟 用户名 太相似了。" in response.content.decode()
    world.leader.refresh_from_db()
    assert world.leader.check_password("test-password-123")


def test_it_takes_a_strong_password(admin_client, world):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[world.leader.pk]),
        {
            "password1": "青山绿水-2025-网格",
            "password2": "青山绿水-2025-网格",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    world.leader.refresh_from_db()
    assert world.leader.check_password("青山绿水-2025-网格")


def test_it_asks_for_ten_characters(world):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("abcde-123", world.leader)
    assert refused.value.messages == ["密码太短：至少需要 10 个字符。"]
