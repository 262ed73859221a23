"""What party life does when the case loop moves: a case that a
deliberation task was handed to closes, and the task is done with it."""

from cases.models import Status


def case_closed_closes_task(sender, case, event, before, **kwargs):
    if case.status != Status.CLOSED or (before or {}).get("status") == Status.CLOSED:
        return
    from .services.topic_steps import topic_case_closed

    topic_case_closed(case=case, at=event.at)


# Each party-life row and the field of the unit whose ancestors it copies.
ANCHORS = (
    ("Activity", "organizer_id"),
    ("ServiceRecord", "unit_id"),
    ("Demand", "grid_id"),
    ("Venue", "keeper_id"),
    ("VolunteerTeam", "unit_id"),
)


def subtree_moved_recopies(sender, unit, **kwargs):
    """A subtree moved (rare admin work, inside the tree lock): the rows
    anchored in it copy their new ancestors, and the participation rollup
    is rebuilt from them."""
    from django.apps import apps

    from orgs.kinds import ANCESTOR_COLUMNS
    from orgs.models import OrgUnit
    from orgs.scoping import ancestor_ids, subtree_q

    from .rollups import PARTY_ROLLUPS

    for node in OrgUnit.objects.filter(subtree_q(unit)).order_by("lft"):
        ids = ancestor_ids(node)
        for name, anchor in ANCHORS:
            model = apps.get_model("participation", name)
            columns = {
                column: ids.get(kind)
                for kind, column in ANCESTOR_COLUMNS.items()
                if column in {f.attname for f in model._meta.concrete_fields}
            }
            model.objects.filter(**{anchor: node.pk}).update(**columns)
    PARTY_ROLLUPS.rebuild()
