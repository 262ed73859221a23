from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.models import Case
from cases.signals import case_changed
from orgs.models import OrgUnit

from . import callbacks
from .locate import boundaries_changed


@receiver([post_save, post_delete], sender=OrgUnit, dispatch_uid="intake_boundaries_changed")
def _boundaries_changed(sender, **kwargs):
    boundaries_changed()


@receiver(case_changed, sender=Case, dispatch_uid="intake_result_callback")
def _case_changed(sender, case, event, before, **kwargs):
    callbacks.on_case_changed(case=case, event=event, before=before)
