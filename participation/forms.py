from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import PartyMember
from orgs.access import positions_of
from orgs.models import OrgUnit

from .access import DEMAND_STAFF, ORGANIZERS, VENUE_KEEPERS
from .models import (
    LEVEL_OF_KIND,
    ActivityKind,
    DemandKind,
    Presence,
    Satisfaction,
    Standard,
    Venue,
    VenueKind,
)

PAGE_ABSENCES = [
    ("", _("Absent")),
    (Presence.LEAVE, Presence.LEAVE.label),
    (Presence.SICK, Presence.SICK.label),
    (Presence.FLOATING, Presence.FLOATING.label),
]


class Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def units_for(user, roles, kinds):
    """Units of the given kinds under the caller's positions with `roles`."""
    q = OrgUnit.objects.none()
    for p in positions_of(user):
        if p.role in roles or user.is_superuser:
            q = q | OrgUnit.objects.filter(
                tree_id=p.unit.tree_id, lft__gte=p.unit.lft, lft__lte=p.unit.rght, kind__in=kinds
            )
    if user.is_superuser:
        q = OrgUnit.objects.filter(kind__in=kinds)
    return q.order_by("tree_id", "lft")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class ActivityForm(Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    organizer = UnitChoice(label=_("Organizer"), queryset=OrgUnit.objects.none())
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    place = forms.CharField(label=_("Or another place"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1)
    online = forms.BooleanField(label=_("Floating members may attend online"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = units_for(
            user, ORGANIZERS, ("grid", "party_group", "community")
        )
        self.fields["venue"].queryset = venues


class DemandForm(Form):
    grid = UnitChoice(label=_("Grid"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=DemandKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(
        label=_("Street and building"),
        max_length=100,
        help_text=_("What a claimer sees of the place: no room number."),
    )
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = units_for(user, DEMAND_STAFF, ("grid",))
        if self.fields["grid"].queryset.count() == 1:
            self.fields["grid"].initial = self.fields["grid"].queryset.first()


class CompleteForm(Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label=_("Photo"), required=False)


class RateForm(Form):
    satisfaction = forms.ChoiceField(
        label=pgettext_lazy("demand", "Satisfaction"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(label=_("Feedback"), max_length=500, required=False)


class CancelForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos; each is checked by the service (participation.photos)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [d for d in data if d]
        return [data] if data else []


class LevelChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name}（{LEVEL_OF_KIND[unit.kind].label}）"


class TopicForm(Form):
    unit = LevelChoice(
        label=_("Level"),
        queryset=OrgUnit.objects.none(),
        help_text=_("A building (party group), the compound (grid) or the community."),
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("What the matter is"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    backers = forms.IntegerField(
        label=_("Residents backing it"), min_value=0, max_value=100000, initial=0
    )
    on_behalf_of = forms.CharField(
        label=_("Raised for (resident)"),
        max_length=50,
        required=False,
        help_text=_("The resident who brought it, if you raise it for them."),
    )
    photos = PhotosField(label=_("Photos"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(
            user, DEMAND_STAFF, ("party_group", "grid", "community")
        )
        if self.fields["unit"].queryset.count() == 1:
            self.fields["unit"].initial = self.fields["unit"].queryset.first()

    @property
    def cleaned_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "photos"}


def apply_errors(form, exc):
    """Put a service's ValidationError on the form's fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class UnitsChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, unit):
        return unit.name


class VenueForm(Form):
    """A venue's page form; the duty roster is one line per weekday."""

    keeper = UnitChoice(label=_("Kept by"), queryset=OrgUnit.objects.none())
    # Lengths and required fields are checked by the service, with the
    # rest, so that a form shows every message at once.
    name = forms.CharField(label=_("Name"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=VenueKind.choices)
    address = forms.CharField(label=pgettext_lazy("venue", "Address"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )
    units = UnitsChoice(label=_("Units served"), queryset=OrgUnit.objects.none(), required=False)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        help_text=_("For example: Monday to Saturday 8:30-17:30"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = units_for(user, VENUE_KEEPERS, ("community", "street"))
        self.fields["units"].queryset = units_for(
            user, VENUE_KEEPERS, ("community", "grid", "party_group")
        )
        for day, label in WEEKDAYS:
            self.fields[f"duty_{day}"] = forms.CharField(label=label, required=False)

    def roster(self) -> list[dict]:
        return [
            {"weekday": day, "name": self.cleaned_data[f"duty_{day}"]}
            for day, _label in WEEKDAYS
            if self.cleaned_data.get(f"duty_{day}", "").strip()
        ]

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("duty_")}
        data["units"] = list(data["units"])
        data["duty_roster"] = self.roster()
        return data

    @staticmethod
    def initial_of(venue) -> dict:
        initial = {
            "keeper": venue.keeper,
            "name": venue.name,
            "kind": venue.kind,
            "address": venue.address,
            "latitude": venue.latitude,
            "longitude": venue.longitude,
            "units": list(venue.units.all()),
            "opening_hours": venue.opening_hours,
        }
        for row in venue.duty_roster:
            key = f"duty_{row['weekday']}"
            initial[key] = "、".join(filter(None, [initial.get(key), row["name"]]))
        return initial


class VenuePhotoForm(Form):
    standard = forms.ChoiceField(label=_("Standard"), choices=Standard.choices)
    image = forms.ImageField(label=_("Photo"))


class TeamForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    unit = UnitChoice(label=_("Serves"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, ORGANIZERS, ("grid", "community", "street"))


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return member.name


class TeamMemberForm(Form):
    member = MemberChoice(
        label=_("Party member"), queryset=PartyMember.objects.none(), required=False
    )
    resident_name = forms.CharField(label=_("Or a resident"), max_length=50, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HoursForm(Form):
    """Hours served by one of a team's people: a party member or a resident."""

    who = forms.ChoiceField(label=_("Who served"), choices=())
    on = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1)
    note = forms.CharField(label=_("What was done"), required=False)
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, people, **kwargs):
        """`people`: the team's TeamMember rows."""
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["who"].choices = [("", "—")] + [(key, str(p)) for key, p in self.people.items()]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        person = self.people[data.pop("who")]
        data["member"] = person.member
        data["resident_name"] = "" if person.member_id else person.resident_name
        return data


class PledgeForm(Form):
    title = forms.CharField(
        label=_("Service pledged"),
        required=False,
        help_text=_("For example: free legal advice on Saturdays"),
    )


class ServiceDoneForm(Form):
    """A service done (纪实) by a dual-reported member: under one of their
    pledges (践诺) or one of their pioneer posts (先锋岗)."""

    what = forms.ChoiceField(label=_("Service"), choices=())
    on = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1)
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, pledges, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {f"pledge-{p.pk}": ("pledge", p) for p in pledges}
        self.targets |= {f"post-{p.pk}": ("pioneer", p) for p in posts}
        choices = [("", "—")]
        if pledges:
            choices.append((_("Pledged"), [(f"pledge-{p.pk}", p.title) for p in pledges]))
        if posts:
            choices.append((_("Pioneer posts"), [(f"post-{p.pk}", p.name) for p in posts]))
        self.fields["what"].choices = choices

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        kind, target = self.targets[data.pop("what")]
        data["kind"] = kind
        data["pledge" if kind == "pledge" else "post"] = target
        return data
