"""A file above the in-request limit is checked and applied by Celery tasks
(eager in tests, enqueued on commit), with progress the page polls; a
failed apply leaves nothing behind."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.excel import read_progress
from members.models import ImportJob, ImportStatus, PartyMember, PersonTransfer

from .excel import MEMBER_HEADERS, client_for, upload
from .factories import id_number, member, xlsx


@pytest.fixture
def small_limit(settings):
    settings.GRIDGOV_IMPORT_SYNC_ROWS = 5


def big_file(n=12):
    return xlsx(
        MEMBER_HEADERS,
        [[f"党员{i}", id_number(), "", "普通党员", "TQ/01/001/01", "", ""] for i in range(n)],
    )


def test_it_checks_and_applies_a_large_file_in_celery_with_progress(
    world, small_limit, django_capture_on_commit_callbacks
):
    client = client_for(world.leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(world.leader, "members", big_file())
    assert response.status_code == 302 and len(callbacks) == 1
    job = ImportJob.objects.get()
    assert job.run_async and job.status == ImportStatus.READY
    assert job.summary["created"] == 12
    assert PartyMember.objects.count() == 0
    assert read_progress(job.pk) == {"done": 12, "total": 12, "phase": "checking"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("import-confirm", args=[job.pk]))
    assert callbacks  # the apply task was enqueued on commit
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and PartyMember.objects.count() == 12
    progress = client.get(reverse("import-progress", args=[job.pk])).json()
    assert progress["finished"] and progress["percent"] == 100 and progress["status"] == "done"


def test_it_shows_a_progress_bar_while_the_task_runs(world, small_limit, settings):
    # Without running the on-commit callback, the job waits for its worker.
    upload(world.leader, "members", big_file())
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.VALIDATING and job.file
    # The workbook holds personal data: kept outside MEDIA_ROOT, with no URL.
    assert not job.file.path.startswith(str(settings.MEDIA_ROOT))
    page = client_for(world.leader).get(reverse("import-detail", args=[job.pk])).content.decode()
    assert 'role="progressbar"' in page and reverse("import-progress", args=[job.pk]) in page
    progress = client_for(world.leader).get(reverse("import-progress", args=[job.pk])).json()
    assert progress["finished"] is False and progress["status"] == "validating"
    # Another user cannot follow it.
    assert (
        client_for(world.teammate).get(reverse("import-progress", args=[job.pk])).status_code == 404
    )


def test_a_failed_apply_leaves_no_partial_data(
    world, small_limit, django_capture_on_commit_callbacks
):
    content = big_file()
    sheet = load_workbook(io.BytesIO(content)).active
    sheet.cell(row=10, column=5).value = "TQ/01/001/01/01"  # row 10 names P1
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(world.leader, "members", buffer.getvalue())
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY
    # Between the check and the confirmation the party group gets a new code.
    world.p1.code = "09"
    world.p1.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.leader).post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert [e["row"] for e in job.errors] == [10]
    assert PartyMember.objects.count() == 0
    assert not job.file


def test_a_person_filed_elsewhere_meanwhile_is_applied_like_anyone_new(
    world, small_limit, django_capture_on_commit_callbacks
):
    content = big_file()
    with django_capture_on_commit_callbacks(execute=True):
        upload(world.leader, "members", content)
    job = ImportJob.objects.get()
    # Between the check and the confirmation someone files row 10's person
    # as a member in another street: the apply says nothing about it.
    taken = load_workbook(io.BytesIO(content)).active.cell(row=10, column=2).value
    member(world.outsider, world.g2, name="抢先", id_number=taken)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.leader).post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.errors == []
    assert job.summary["created"] == 12
    assert PersonTransfer.objects.get().office == world.region


def test_a_task_run_twice_applies_once(world, small_limit, django_capture_on_commit_callbacks):
    from members.tasks import import_apply_task

    with django_capture_on_commit_callbacks(execute=True):
        upload(world.leader, "members", big_file())
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.leader).post(reverse("import-confirm", args=[job.pk]))
    import_apply_task.delay(job.pk)  # redelivered after the worker died
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and PartyMember.objects.count() == 12
