from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import DateInput, Form
from members.models import PartyMember


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name}（{member.get_category_display()}）"


class BranchForm(Form):
    name = forms.CharField(label=_("Branch name"), max_length=100)
    secretary = MemberChoiceField(
        label=_("Secretary"), queryset=PartyMember.objects.none(), required=False
    )
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=DateInput)

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = PartyMember.objects.filter(grid_id=grid.pk).order_by(
            "name"
        )
