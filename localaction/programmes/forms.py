"""The work programme's forms: a programme drafted, an activity with its
goals, people and funding (one amount per line of the office's budget of the
programme's year), and an approval by a decision. The rules are the
services'; the forms only parse."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from localaction.accounts.models import Role
from localaction.campaigns.models import Campaign
from localaction.finance.models import BudgetLine
from localaction.governance.models import Decision
from localaction.network.models import Office
from localaction.programmes import services
from localaction.programmes.models import Activity, WorkProgramme, line_label
from localaction.strategy.models import Goal, StrategicPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    office = forms.ModelChoiceField(label=gettext_lazy("Office"), queryset=Office.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Public"),
        required=False,
        help_text=WorkProgramme._meta.get_field("is_public").help_text,
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    goals = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Goals served"),
        queryset=Goal.objects.filter(area__plan__status=StrategicPlan.Status.ADOPTED)
        .select_related("area")
        .order_by("area__order", "area__number", "order", "letter"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("Goals of the adopted strategic plan; at least one."),
    )
    office = forms.ModelChoiceField(
        label=gettext_lazy("Responsible office"), queryset=Office.objects.all()
    )
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Responsible people"),
        required=False,
        queryset=get_user_model().objects.none(),
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Activity.Status.choices)
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), required=False, queryset=Campaign.objects.all()
    )

    def __init__(self, *args, programme: WorkProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = (
            get_user_model()
            .objects.filter(roles__kind__in=Role.OFFICE_KINDS)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.lines = list(
            BudgetLine.objects.filter(
                budget__office=programme.office, budget__year=programme.year
            ).select_related("budget")
        )
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=gettext_lazy("Funding from %(line)s (%(currency)s)")
                % {"line": line_label(line), "currency": line.budget.currency},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                help_text=gettext_lazy("The line holds %(amount)s.") % {"amount": line.amount},
            )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["funding"] = [
            (line, amount)
            for line in self.lines
            if (amount := data.pop(f"line_{line.pk}", None)) is not None
        ]
        return data


class ApproveForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Decision"),
        queryset=Decision.objects.filter(
            outcome=Decision.Outcome.ADOPTED, body__code=services.APPROVING_BODY
        ).select_related("body"),
        help_text=gettext_lazy("The adopted decision of the Executive Committee approving it."),
    )
