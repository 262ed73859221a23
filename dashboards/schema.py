"""The shape of `GET /api/v1/dashboard/` for the OpenAPI schema: what
`selectors.dashboard_figures` answers, field by field. A rate (a fraction,
rounded half up to 0.1 %) or a mean without anything to divide by is null."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

S = serializers


def _rate(help_text=""):
    return S.FloatField(allow_null=True, help_text=help_text or "a fraction; null: no denominator")


class DashboardUnitSerializer(S.Serializer):
    id = S.IntegerField()
    name = S.CharField()
    kind = S.CharField()
    kind_label = S.CharField()


class StructureFiguresSerializer(S.Serializer):
    streets = S.IntegerField()
    communities = S.IntegerField()
    grids = S.IntegerField()
    party_groups = S.IntegerField()
    member_households = S.IntegerField()
    households = S.IntegerField()
    population = S.IntegerField()
    # With the people figures (always, for the units the people counts keep).
    grids_with_branch = S.IntegerField(required=False)
    branch_coverage = S.FloatField(allow_null=True, required=False)


class MembersByCategorySerializer(S.Serializer):
    key = S.CharField()
    label = S.CharField()
    n = S.IntegerField()


class PeopleFiguresSerializer(S.Serializer):
    members = S.IntegerField()
    members_by_category = MembersByCategorySerializer(
        many=True, required=False, help_text="the node only"
    )
    floating_share = _rate()
    leaders = S.IntegerField()
    leaders_members = S.IntegerField()
    leaders_member_share = _rate()
    workers = S.IntegerField()
    workers_members = S.IntegerField()
    workers_member_share = _rate()
    dual_role = S.IntegerField()
    dual_role_share = _rate()
    grids_with_branch = S.IntegerField()
    branch_coverage = _rate()


class CaseFiguresSerializer(S.Serializer):
    reported = S.IntegerField()
    cancelled = S.IntegerField()
    self_handled = S.IntegerField()
    self_handled_share = _rate()
    escalated_community = S.IntegerField(help_text="highest level escalated to: the community")
    escalated_street = S.IntegerField(help_text="highest level escalated to: the street")
    escalated_district = S.IntegerField(help_text="highest level escalated to: the district")
    finished_grid = S.IntegerField(help_text="closed cases finished at a grid")
    finished_community = S.IntegerField()
    finished_street = S.IntegerField()
    finished_district = S.IntegerField()
    finished_department = S.IntegerField()
    closed_of_reported = S.IntegerField()
    closure_rate = _rate()
    closed = S.IntegerField()
    closed_on_time = S.IntegerField()
    on_time_rate = _rate()
    mean_hours_to_close = S.FloatField(allow_null=True, help_text="null: no case closed")
    satisfied = S.IntegerField()
    basically_satisfied = S.IntegerField()
    unsatisfied = S.IntegerField()
    satisfaction_rate = _rate()
    reopened = S.IntegerField()
    reopen_rate = _rate()


class CategoryRowSerializer(S.Serializer):
    id = S.IntegerField()
    name = S.CharField()
    reported = S.IntegerField()
    closed = S.IntegerField()


class TrendPointSerializer(S.Serializer):
    week = S.DateField(help_text="the Monday")
    reported = S.IntegerField()
    closed = S.IntegerField()


class ActivityKindSerializer(S.Serializer):
    kind = S.CharField()
    label = S.CharField()
    n = S.IntegerField()


class ParticipationFiguresSerializer(S.Serializer):
    activities_held = S.IntegerField()
    activities_by_kind = ActivityKindSerializer(many=True)
    org_life_held = S.IntegerField()
    org_life_expected = S.IntegerField()
    org_life_attended = S.IntegerField()
    org_life_attendance_rate = _rate()
    participations = S.IntegerField()
    volunteer_hours = S.FloatField()
    demands_posted = S.IntegerField()
    demands_claimed = S.IntegerField()
    demands_done = S.IntegerField()
    mean_days_to_claim = S.FloatField(allow_null=True)
    dual_reported_members = S.IntegerField(allow_null=True)
    dual_services = S.IntegerField()
    dual_service_hours = S.FloatField()


class RankingScoreSerializer(S.Serializer):
    score = S.FloatField()
    stars = S.IntegerField()
    quarter = S.CharField()


class DashboardChildSerializer(DashboardUnitSerializer):
    structure = StructureFiguresSerializer()
    people = PeopleFiguresSerializer(allow_null=True)
    cases = CaseFiguresSerializer(allow_null=True, help_text="null below the grids")
    assessment = RankingScoreSerializer(allow_null=True)
    participation = ParticipationFiguresSerializer()


class DashboardSerializer(S.Serializer):
    unit = DashboardUnitSerializer()
    # "from" is a Python keyword: the fields are named in a dict.
    period = inline_serializer(
        name="DashboardPeriod", fields={"from": S.DateField(), "to": S.DateField()}
    )
    structure = StructureFiguresSerializer()
    people = PeopleFiguresSerializer(allow_null=True)
    cases = CaseFiguresSerializer()
    by_category = CategoryRowSerializer(many=True)
    trend = TrendPointSerializer(many=True)
    participation = ParticipationFiguresSerializer()
    children = DashboardChildSerializer(many=True)
