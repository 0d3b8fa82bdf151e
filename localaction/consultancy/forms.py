"""The forms of the consultancy pages; they parse, the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from localaction.consultancy.models import Consultant, Engagement
from localaction.core.consultancy import DAY_STEP

MAX_AMOUNT = Decimal("999999999999.99")


class RequestForm(forms.Form):
    """A signed-in person asks for a service: for a member they edit, or for
    an organisation outside the network."""

    office = forms.ModelChoiceField(queryset=None, label=_("Office"), empty_label=None)
    local_government = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("For the member"),
        empty_label=_("— another organisation (give its details below) —"),
    )
    client_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    client_contact = forms.CharField(label=_("Contact person"), max_length=200)
    client_email = forms.EmailField(label=_("E-mail"))
    client_address = forms.CharField(
        label=_("Postal address (for the invoice)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    request = forms.CharField(
        label=_("What do you need?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, service, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = service.offices.order_by("name")
        self.fields["local_government"].queryset = members
        if not members.exists():
            del self.fields["local_government"]

    def clean(self):
        data = super().clean()
        if not data.get("local_government") and not (data.get("client_name") or "").strip():
            self.add_error("client_name", _("Name the organisation asking, or choose a member."))
        return data


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=Engagement.Status.choices)
    on = forms.DateField(
        label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, engagement: Engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Engagement.Status(status).label) for status in engagement.next_statuses()
        ]


class ProposalForm(forms.ModelForm):
    fee_amount = forms.DecimalField(
        label=_("Fixed fee"), required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=2,
        help_text=_("For a fixed fee; in the currency below."),
    )  # fmt: skip

    class Meta:
        model = Engagement
        fields = ["title", "scope", "starts_on", "ends_on", "fee_basis", "currency"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.fixed_fee is not None:
            self.fields["fee_amount"].initial = self.instance.fixed_fee.amount

    def clean(self):
        data = super().clean()
        amount = data.get("fee_amount")
        if data.get("fee_basis") == Engagement.FeeBasis.FIXED and amount is None:
            self.add_error("fee_amount", _("A fixed-fee proposal states its fee."))
        currency = data.get("currency")
        if (
            self.instance.pk
            and currency
            and currency != self.instance.currency
            and self.instance.team.exclude(day_rate_currency=currency).exists()
        ):
            self.add_error(
                    "currency", _("The team's day rates are in %(c)s: change them first.")
                    % {"c": self.instance.currency},
                )  # fmt: skip
        return data

    def save(self, commit=True):
        engagement = super().save(commit=False)
        amount = self.cleaned_data.get("fee_amount")
        engagement.fixed_fee = Money(amount, engagement.currency) if amount is not None else None
        if commit:
            engagement.save()
        return engagement


class ContractForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["signed_on", "contract_reference", "contract_document"]
        # A plain file input: Django's clearable one prints the file's media
        # address, which is never served (the page links the guarded download).
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "contract_document": forms.FileInput,
        }

    def clean(self):
        data = super().clean()
        if not data.get("signed_on"):
            self.add_error("signed_on", _("The day the contract was signed."))
        if not (data.get("contract_reference") or "").strip():
            self.add_error("contract_reference", _("The contract's reference."))
        return data


class TeamForm(forms.Form):
    consultant = forms.ModelChoiceField(queryset=Consultant.objects.active(), label=_("Consultant"))
    planned_days = forms.DecimalField(
        label=_("Days planned"), min_value=0, max_value=2000, decimal_places=2
    )
    rate = forms.DecimalField(
        label=_("Day rate"), required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=2,
        help_text=_("Empty: the consultant's own rate, if in the engagement's currency."),
    )  # fmt: skip


class DeliverableForm(forms.Form):
    title = forms.CharField(label=_("Deliverable"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class DeliveredForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TimeForm(forms.Form):
    consultant = forms.ModelChoiceField(queryset=None, label=_("Consultant"), empty_label=None)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.DecimalField(
        label=_("Days"), min_value=DAY_STEP, max_value=1, decimal_places=2,
        help_text=_("In quarter days, up to one day per date."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        help_text=_("5: excellent; 1: poor."),
    )  # fmt: skip
    comment = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
