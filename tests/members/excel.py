"""Helpers for Excel tests: upload through the page and read the outcome."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from members.models import ImportJob

MEMBER_HEADERS = [
    "姓名",
    "身份证号",
    "性别",
    "党员类别",
    "所属支部/党小组编码",
    "入党日期",
    "手机号",
]
HOUSEHOLD_HEADERS = [
    "网格编码",
    "住址",
    "党小组/楼栋编码",
    "联系党员中心户编码",
    "户标签",
    "姓名",
    "与户主关系",
    "身份证号",
    "手机号",
    "出生日期",
]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def upload(user, kind, content, name="data.xlsx"):
    """POST a file to the upload page; returns the response."""
    return client_for(user).post(
        reverse("import-upload", args=[kind]),
        {"file": SimpleUploadedFile(name, content)},
    )


def upload_and_apply(user, kind, content):
    response = upload(user, kind, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    client_for(user).post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def export(user, kind, query=""):
    response = client_for(user).get(reverse("import-download", args=[kind]) + query)
    assert response.status_code == 200
    return response.content


def errors_in(response) -> list[tuple]:
    """(row, column, message) of the error table on an upload page."""
    return [(e["row"], e["column"], e["message"]) for e in response.context["check"].errors]
