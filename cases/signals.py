from django.dispatch import Signal

# Sent by cases.services inside the action's transaction, after the case row
# and its event are written, so receivers (the dashboards' rollups) change in
# the same commit. Arguments:
#   case:   the Case after the action
#   event:  the CaseEvent just appended
#   before: a dict of the case's field values before the action (attname ->
#           value, as from `case_snapshot`), or None when the case was filed
case_changed = Signal()


def case_snapshot(case) -> dict:
    """The case's concrete field values by attname, for `before`."""
    return {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields}
