from django.dispatch import receiver

from orgs.signals import subtree_moved

from .services import cases_recopy_ancestors


@receiver(subtree_moved, dispatch_uid="cases_recopy_ancestors")
def recopy_case_ancestors(sender, unit, **kwargs):
    cases_recopy_ancestors(unit=unit)
