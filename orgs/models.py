from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey

from .kinds import ALLOWED_CHILDREN, Role, UnitKind, child_kind_allowed
from .locking import tree_write
from .scoping import UnitQuerySet
from .signals import subtree_moved

KIND_LABELS_CACHE_KEY = "orgs:kind-labels"


class UnitManager(TreeManager.from_queryset(UnitQuerySet)):
    pass


class OrgUnit(MPTTModel):
    """A node of the one org tree: district, street, community, grid, party
    group, member household or department. Residents and cases are rows that
    point at units, never nodes themselves."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        _("code"), max_length=32, help_text=_("Unique among the unit's siblings.")
    )
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitManager()

    class MPTTMeta:
        order_insertion_by = ["code"]

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        indexes = [models.Index(fields=["tree_id", "lft"], name="orgunit_tree_lft")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "code"], name="orgunit_code_unique_among_siblings"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(parent__isnull=True),
                name="orgunit_root_code_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.name is not None and not self.name.strip():
            errors["name"] = _("Enter a name.")
        parent = self.parent
        parent_kind = parent.kind if parent else None
        if self.kind and not child_kind_allowed(parent_kind, self.kind):
            allowed = ", ".join(
                str(UnitKind(k).label) for k in sorted(ALLOWED_CHILDREN[parent_kind])
            )
            if parent is None:
                errors["parent"] = _(
                    "A %(kind)s must have a parent unit. Roots may be: %(allowed)s."
                ) % {
                    "kind": UnitKind(self.kind).label,
                    "allowed": allowed,
                }
            else:
                errors["parent"] = _(
                    "A %(kind)s cannot be placed under a %(parent_kind)s. Allowed here: %(allowed)s."
                ) % {
                    "kind": UnitKind(self.kind).label,
                    "parent_kind": UnitKind(parent_kind).label,
                    "allowed": allowed or _("nothing"),
                }
        if parent is not None and self.pk:
            if parent.pk == self.pk or parent.is_descendant_of(self):
                errors["parent"] = _("A unit cannot be moved under itself or its own descendants.")
        if self.pk and self.kind:
            bad_children = (
                OrgUnit.objects.filter(parent_id=self.pk)
                .exclude(kind__in=ALLOWED_CHILDREN[self.kind])
                .exists()
            )
            if bad_children:
                errors["kind"] = _("The unit's children are not allowed under this kind.")
        if self.code and self.name is not None:
            siblings = OrgUnit.objects.filter(parent_id=self.parent_id, code=self.code)
            if self.pk:
                siblings = siblings.exclude(pk=self.pk)
            if siblings.exists():
                errors["code"] = _("Another unit under the same parent already uses this code.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Serialized: see orgs.locking. mptt refreshes the target's and the
        # node's tree fields inside, so they are read under the lock.
        moved = self.pk is not None and self._mptt_cached_fields.get("parent") != self.parent_id
        with tree_write():
            super().save(*args, **kwargs)
            if moved:
                subtree_moved.send(sender=OrgUnit, unit=self)

    def delete(self, *args, **kwargs):
        with tree_write():
            return super().delete(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    def path_names(self) -> list[str]:
        return [u.name for u in self.get_ancestors(include_self=True)]


class KindLabel(models.Model):
    """A deployment may call its levels differently (Fuqing runs five)."""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, unique=True)
    label = models.CharField(_("label"), max_length=50)

    class Meta:
        verbose_name = _("level label")
        verbose_name_plural = _("level labels")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.label}"


def kind_label(kind: str) -> str:
    """The deployment's own name for a level, or the built-in one."""
    labels = cache.get(KIND_LABELS_CACHE_KEY)
    if labels is None:
        labels = dict(KindLabel.objects.values_list("kind", "label"))
        cache.set(KIND_LABELS_CACHE_KEY, labels, 300)
    return labels.get(kind) or str(UnitKind(kind).label)


@receiver([post_save, post_delete], sender=KindLabel)
def _forget_kind_labels(**kwargs):
    cache.delete(KIND_LABELS_CACHE_KEY)


class Position(models.Model):
    """A person's role at a unit. Positions are what grant access: a position
    grants the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="position_unique_user_unit_role"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
