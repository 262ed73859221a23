from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.access import roots_with_all
from orgs.kinds import Capability, UnitKind
from orgs.models import OrgUnit
from orgs.scoping import subtrees_q

from .models import Category, Gender, PioneerPledge, PioneerPost, Relation, ScoreRule, Tag

C = Capability
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class DateInput(forms.DateInput):
    """A browser date picker. It only accepts ISO dates (YYYY-MM-DD): in the
    locale's format ("2026/11/23") the browser shows the field empty, and
    saving the form unchanged would wipe the stored date."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class Form(forms.Form):
    """Labels without Django's trailing ":", like every other form of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name}（{unit.kind_label}）"


def units_for(user, capabilities, kinds):
    """Units of `kinds` under every root where `user` holds all `capabilities`."""
    roots = roots_with_all(user, capabilities)
    return OrgUnit.objects.filter(subtrees_q(roots), kind__in=kinds).order_by("tree_id", "lft")


class MemberForm(Form):
    name = forms.CharField(label=_("Full name"), max_length=50)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit = UnitChoiceField(label=_("Branch / party group"), queryset=OrgUnit.objects.none())
    joined_on = forms.DateField(label=_("Joined the party on"), required=False, widget=DateInput)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(
            user, (C.EDIT_PEOPLE, C.VIEW_PARTY_MEMBERS), (UnitKind.GRID, UnitKind.PARTY_GROUP)
        )
        if editing:
            for name in ("id_number", "phone"):
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave blank to keep the number on file.")


class ScoreForm(Form):
    rule = forms.ModelChoiceField(
        label=pgettext_lazy("points", "Item"), queryset=ScoreRule.objects.none()
    )
    on = forms.DateField(label=_("Date"), widget=DateInput)
    points = forms.IntegerField(
        label=_("Points (+/−)"), required=False, help_text=_("Blank: the item's points.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = ScoreRule.objects.filter(active=True, source="")


class DualReportForm(Form):
    community_unit = UnitChoiceField(
        label=_("Community of residence"), queryset=OrgUnit.objects.none()
    )
    workplace = forms.CharField(label=_("Workplace"), max_length=100)
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput)
    services = forms.CharField(label=_("Services offered"), max_length=200, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        # Members live anywhere in the district, not only where they work.
        self.fields["community_unit"].queryset = OrgUnit.objects.filter(
            tree_id=member.unit.tree_id, kind=UnitKind.COMMUNITY
        ).order_by("lft")


class PioneerForm(Form):
    posts = forms.ModelMultipleChoiceField(
        label=_("Pioneer posts (1–2)"),
        queryset=PioneerPost.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    service_1 = forms.CharField(label=_("Service 1"), max_length=50, required=False)
    service_2 = forms.CharField(label=_("Service 2"), max_length=50, required=False)
    service_3 = forms.CharField(label=_("Service 3"), max_length=50, required=False)
    service_4 = forms.CharField(label=_("Service 4"), max_length=50, required=False)

    def services(self):
        return [self.cleaned_data.get(f"service_{i}", "") for i in range(1, 5)]

    @classmethod
    def initial_for(cls, pledge: PioneerPledge | None):
        if pledge is None:
            return {}
        initial = {"posts": list(pledge.posts.all())}
        for i, service in enumerate(pledge.services[:4], start=1):
            initial[f"service_{i}"] = service
        return initial


class HouseholdForm(Form):
    address = forms.CharField(label=_("Address"), max_length=200)
    grid = UnitChoiceField(label=_("Grid"), queryset=OrgUnit.objects.none())
    party_group = UnitChoiceField(
        label=_("Party group / building"), queryset=OrgUnit.objects.none(), required=False
    )
    member_household = UnitChoiceField(
        label=_("Linked member household"), queryset=OrgUnit.objects.none(), required=False
    )
    tags = forms.MultipleChoiceField(
        label=_("Tags"), choices=Tag.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        caps = (C.EDIT_PEOPLE,)
        self.fields["grid"].queryset = units_for(user, caps, (UnitKind.GRID,))
        self.fields["party_group"].queryset = units_for(user, caps, (UnitKind.PARTY_GROUP,))
        self.fields["member_household"].queryset = units_for(
            user, caps, (UnitKind.MEMBER_HOUSEHOLD,)
        )


class ResidentForm(Form):
    name = forms.CharField(label=_("Full name"), max_length=50)
    relation = forms.ChoiceField(label=_("Relation to head"), choices=Relation.choices)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput,
        help_text=_("Taken from the ID number when left blank."),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("id_number", "phone"):
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave blank to keep the number on file.")


class VisitForm(Form):
    visited_on = forms.DateField(label=_("Date"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("Problems found"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UploadForm(Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook saved as .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: split it."))
        return upload
