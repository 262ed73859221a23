"""The participation rollup: per unit, local day and activity kind, the
figures the dashboards read, kept by `participation.rollups` in each
write's own transaction."""

from django.db import models

from orgs.models import OrgUnit

COUNTERS = (
    "held",
    "expected",
    "attended",
    "residents",
    "volunteer_tenths",
    "dual_services",
    "dual_tenths",
    "demands_posted",
    "demands_claimed",
    "demands_done",
    "claim_seconds",
)


class PartyDayRollup(models.Model):
    """`kind` is the activity kind for activity figures, "" for the rest.
    Hours are kept in tenths (services are recorded to 0.1 h)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20, blank=True)
    held = models.IntegerField(default=0)
    expected = models.IntegerField(default=0)
    attended = models.IntegerField(default=0)
    residents = models.IntegerField(default=0)
    volunteer_tenths = models.BigIntegerField(default=0)
    dual_services = models.IntegerField(default=0)
    dual_tenths = models.BigIntegerField(default=0)
    demands_posted = models.IntegerField(default=0)
    demands_claimed = models.IntegerField(default=0)
    demands_done = models.IntegerField(default=0)
    claim_seconds = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "kind"], name="party_rollup_key")
        ]
        indexes = [models.Index(fields=["unit", "day"], name="party_rollup_unit_day")]

    def __str__(self):
        return f"{self.unit_id} {self.day} {self.kind}"
