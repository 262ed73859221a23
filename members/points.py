"""The points ledger (量化积分): awarding by a rule of the catalogue, the
entries the records add by themselves, reversing entries, the year's total
and rank. The only writer of ScoreEntry and MemberYearScore.

Every entry locks its member's row first, so a rule's yearly cap holds when
two entries arrive at once, and moves the cached totals in the same
transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_gov import counters
from orgs.access import covers, positions_of

from .models import START_SCORE, MemberYearScore, PartyMember, ScoreEntry, ScoreRule


def may_award(user, rule, member) -> bool:
    """Whether one of `user`'s positions named by the rule covers the member."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    unit = member.unit
    return any(
        pos.role in (rule.awarded_by or ()) and covers(pos.unit, unit) for pos in positions_of(user)
    )


def _used(member, rule, year) -> int:
    """Points (either way) the member already has from `rule` in `year`."""
    total = (
        ScoreEntry.objects.filter(member=member, rule=rule, on__year=year).aggregate(
            n=Sum("points")
        )["n"]
        or 0
    )
    return abs(total)


def _write(entry: ScoreEntry) -> ScoreEntry:
    entry.save()
    PartyMember.objects.filter(pk=entry.member_id).update(score=F("score") + entry.points)
    year = entry.on.year
    updated = MemberYearScore.objects.filter(member_id=entry.member_id, year=year).update(
        total=F("total") + entry.points
    )
    if not updated:
        MemberYearScore.objects.create(
            member_id=entry.member_id, year=year, total=START_SCORE + entry.points
        )
    return entry


def _lock(member) -> PartyMember:
    return (
        PartyMember.objects.select_for_update().only("id", "user_id", "unit_id").get(pk=member.pk)
    )


@transaction.atomic
def score_award(*, member, user, rule, on=None, points=None, reason: str = "") -> ScoreEntry:
    """A manual entry: it names an active rule the caller may award, never
    to the caller, within the rule's yearly cap."""
    on = on or timezone.localdate()
    errors = {}
    if rule is None or not rule.active:
        errors["rule"] = [_("Choose an item of the points catalogue.")]
    elif not may_award(user, rule, member):
        raise PermissionDenied(_("Your position may not award this item."))
    if member.user_id and member.user_id == user.pk:
        errors["member"] = [_("Nobody awards points to themselves.")]
    if on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    elif on.year < timezone.localdate().year - 1:
        errors["on"] = [_("Enter points within this year or the last.")]
    if rule is not None and "rule" not in errors:
        if points in (None, ""):
            points = rule.points
        if not points or (points > 0) != (rule.points > 0) or abs(points) > abs(rule.points):
            errors["points"] = [
                _("Between 1 and %(n)d points, the same way as the item.") % {"n": abs(rule.points)}
            ]
    if len((reason or "").strip()) > 200:
        errors["reason"] = [_("At most %(n)d characters, please.") % {"n": 200}]
    if errors:
        raise ValidationError(errors)
    _lock(member)
    if rule.yearly_cap is not None:
        used = _used(member, rule, on.year)
        if used + abs(points) > rule.yearly_cap:
            raise ValidationError(
                {
                    "points": [
                        _(
                            "This item gives at most %(cap)d points a year; the member has "
                            "%(used)d from it already."
                        )
                        % {"cap": rule.yearly_cap, "used": used}
                    ]
                }
            )
    return _write(
        ScoreEntry(
            member=member,
            on=on,
            points=points,
            rule=rule,
            reason=(reason or "").strip() or rule.item,
            entered_by=user,
        )
    )


def score_from_record(*, member, source: str, source_id: int, on, user, reason: str = ""):
    """The entry a record adds by itself (attendance, a service, a demand
    done), by the catalogue's rule for that source, clipped to its yearly
    cap. None when the catalogue has no such rule, the cap is reached, or
    the record already added its entry."""
    rule = ScoreRule.objects.filter(source=source, active=True).first()
    if rule is None or member is None:
        return None
    if member.user_id and member.user_id == getattr(user, "pk", None):
        return None  # nobody awards themselves, even through a record
    with transaction.atomic():
        _lock(member)
        if (
            ScoreEntry.objects.filter(
                member=member, source_kind=source, source_id=source_id, reverses__isnull=True
            )
            .exclude(reversed_by__isnull=False)
            .exists()
        ):
            return None
        points = rule.points
        if rule.yearly_cap is not None:
            room = rule.yearly_cap - _used(member, rule, on.year)
            if room <= 0:
                return None
            points = min(abs(points), room) * (1 if points > 0 else -1)
        try:
            with transaction.atomic():
                return _write(
                    ScoreEntry(
                        member=member,
                        on=on,
                        points=points,
                        rule=rule,
                        reason=(reason or rule.item)[:200],
                        source_kind=source,
                        source_id=source_id,
                        entered_by=user,
                    )
                )
        except IntegrityError:
            return None


@transaction.atomic
def score_reverse(*, entry, user, reason: str = "") -> ScoreEntry:
    """Correct a mistake: an entry of the opposite points, dated like the
    one it reverses, so the year it counted in is put right."""
    member = entry.member
    if member.user_id and member.user_id == user.pk:
        raise ValidationError({"member": [_("Nobody corrects their own points.")]})
    if entry.reverses_id:
        raise ValidationError({"entry": [_("A reversing entry is not reversed again.")]})
    if entry.rule is not None and entry.rule.awarded_by and not may_award(user, entry.rule, member):
        raise PermissionDenied(_("Your position may not award this item."))
    _lock(member)
    if ScoreEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"entry": [_("This entry has been reversed already.")]})
    return _write(
        ScoreEntry(
            member=member,
            on=entry.on,
            points=-entry.points,
            rule=entry.rule,
            reason=(
                (reason or "").strip() or _("Correction of %(reason)s") % {"reason": entry.reason}
            )[:200],
            source_kind=entry.source_kind,
            source_id=entry.source_id,
            reverses=entry,
            entered_by=user,
        )
    )


def score_reverse_record(*, source: str, source_id: int, user, reason: str = "", members=None):
    """Reverse what a record added (its attendance corrected, say), for all
    its members or those in `members` (ids)."""
    entries = ScoreEntry.objects.filter(
        source_kind=source, source_id=source_id, reverses__isnull=True, reversed_by__isnull=True
    ).select_related("member", "rule")
    if members is not None:
        entries = entries.filter(member_id__in=list(members))
    for entry in entries:
        with transaction.atomic():
            _lock(entry.member)
            _write(
                ScoreEntry(
                    member=entry.member,
                    on=entry.on,
                    points=-entry.points,
                    rule=entry.rule,
                    reason=(reason or _("Record corrected"))[:200],
                    source_kind=source,
                    source_id=source_id,
                    reverses=entry,
                    entered_by=user,
                )
            )


# --- reading -------------------------------------------------------------------


def year_total(member, year: int) -> int:
    row = MemberYearScore.objects.filter(member=member, year=year).values_list("total", flat=True)
    return row[0] if row else START_SCORE


def year_rank(member, year: int) -> tuple[int, int]:
    """(rank, members) of the member in their branch (grid) for the year:
    1 + the members with a higher total; members with no entries hold 100."""
    total = year_total(member, year)
    branch = PartyMember.objects.filter(grid_id=member.grid_id) if member.grid_id else None
    if branch is None:
        return 1, 1
    size = branch.count()
    rows = MemberYearScore.objects.filter(member__grid_id=member.grid_id, year=year)
    higher = rows.filter(total__gt=total).count()
    if total < START_SCORE:
        higher += size - rows.count()
    return higher + 1, size


def ledger(member, year: int) -> dict:
    entries = list(
        ScoreEntry.objects.filter(member=member, on__year=year)
        .select_related("rule", "entered_by")
        .order_by("on", "id")
    )
    rank, size = year_rank(member, year)
    return {
        "member": member.pk,
        "year": year,
        "base": START_SCORE,
        "total": year_total(member, year),
        "rank": rank,
        "members_ranked": size,
        "entries": entries,
    }


def year_of(value) -> int:
    if isinstance(value, datetime.date):
        return value.year
    return timezone.localdate().year


# --- recount ---------------------------------------------------------------------


def recount_totals() -> tuple[dict, dict]:
    """From the entries alone: ({member: all-time score}, {(member, year): total})."""
    scores, years = {}, {}
    rows = ScoreEntry.objects.values_list("member_id", "on__year").annotate(n=Sum("points"))
    for member_id, year, n in rows.order_by():
        scores[member_id] = scores.get(member_id, START_SCORE) + n
        years[(member_id, year)] = START_SCORE + n
    return scores, years


SCORES = counters.Table(PartyMember, ("id",), ("score",), "member")
YEAR_TOTALS = counters.Table(MemberYearScore, ("member_id", "year"), ("total",))


def totals_differences() -> list[str]:
    """Where the cached totals (the member's score, the year totals) differ
    from the entries (a member or year without entries holds START_SCORE)."""
    scores, years = recount_totals()
    have_scores = {(pk,): {"score": v} for pk, v in PartyMember.objects.values_list("pk", "score")}
    have_years = {
        (m, y): {"total": t}
        for m, y, t in MemberYearScore.objects.values_list("member_id", "year", "total")
    }
    return counters.diff(
        SCORES, {(pk,): {"score": v} for pk, v in scores.items()}, have_scores, START_SCORE
    ) + counters.diff(
        YEAR_TOTALS, {key: {"total": t} for key, t in years.items()}, have_years, START_SCORE
    )


@transaction.atomic
def rebuild_totals() -> int:
    """Recompute every cached total from the entries (after bulk loads)."""
    scores, years = recount_totals()
    MemberYearScore.objects.all().delete()
    MemberYearScore.objects.bulk_create(
        [MemberYearScore(member_id=m, year=y, total=t) for (m, y), t in years.items()],
        batch_size=2000,
    )
    PartyMember.objects.exclude(pk__in=list(scores)).exclude(score=START_SCORE).update(
        score=START_SCORE
    )
    by_score = {}
    for pk, score in scores.items():
        by_score.setdefault(score, []).append(pk)
    for score, pks in by_score.items():
        PartyMember.objects.filter(pk__in=pks).update(score=score)
    return len(years)


class _MemberPoints:
    """The cached totals, for `verify_counters member_points` and
    `rebuild_counters member_points` (they are columns, not counter rows)."""

    name = "member_points"
    noun = "member points"
    help = "every member's score and year totals, recounted from the ledger"

    def differences(self) -> list[str]:
        return totals_differences()

    def rebuild(self) -> int:
        return rebuild_totals()


MEMBER_POINTS = counters.register(_MemberPoints())
