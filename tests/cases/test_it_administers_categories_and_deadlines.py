from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client

from cases.models import CaseDeadline

from .conftest import file_case, make_case


def _superuser():
    return get_user_model().objects.create_superuser("root", password="x-very-secret-1")


def test_it_edits_categories_with_their_deadlines_in_the_admin(world, cats):
    client = Client()
    client.force_login(_superuser())
    page = client.get("/admin/cases/casecategory/").content.decode()
    assert "消防安全" in page and "易燃杂物堆放" in page
    page = client.get(f"/admin/cases/casecategory/{cats['02'].id}/change/").content.decode()
    assert "deadlines-TOTAL_FORMS" in page
    deadline = CaseDeadline.objects.get(category=cats["02"], urgency="normal")
    response = client.post(
        "/admin/cases/casedeadline/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": deadline.id,
            "form-0-hours": "96",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.hours == 96
    case = file_case(world, cats, category=cats["0204"])  # inherits from 02
    assert case.due_at - case.reported_at == timedelta(hours=96)


def test_it_shows_cases_read_only_with_their_timeline(world, cats):
    case = make_case(world, cats, at="c1", status="handling")
    client = Client()
    client.force_login(_superuser())
    page = client.get(f"/admin/cases/case/{case.id}/change/").content.decode()
    assert case.number in page
    assert "escalate" in page and "accept" in page  # the timeline inline
    assert 'name="_save"' not in page  # nothing to save: read-only
    assert client.get("/admin/cases/case/add/").status_code == 403
    assert client.post(f"/admin/cases/case/{case.id}/delete/", {"post": "yes"}).status_code == 403
