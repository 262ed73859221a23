from django.dispatch import receiver

from orgs.signals import subtree_moved

from . import counts
from .services import cases_recopy_ancestors
from .signals import case_changed

# The case counts change with every case action, in the action's transaction.
case_changed.connect(counts.on_case_changed, dispatch_uid="cases_counts")


@receiver(subtree_moved, dispatch_uid="cases_recopy_ancestors")
def recopy_case_ancestors(sender, unit, **kwargs):
    cases_recopy_ancestors(unit=unit)
