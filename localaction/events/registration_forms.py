"""The registrations' forms: registering (category; the member for a
delegate, else country, organisation and address for the invoice), the
check-in field, the organisers' filter and a certificate's revocation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.accounts.access import access_of
from localaction.events.models import Event, Registration, RegistrationCategory
from localaction.network.models import Country, LocalGovernment


class RegisterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none(), empty_label=None
    )
    local_government = forms.ModelChoiceField(
        label=_("Member you represent"),
        queryset=LocalGovernment.objects.none(),
        required=False,
        help_text=_("Member delegates only: the local government you work for."),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        help_text=_("Where you come from (a member delegate: the member's country)."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Printed on your badge and, when there is a fee, invoiced."),
    )
    postal_address = forms.CharField(
        label=_("Postal address for the invoice"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, event: Event, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = event.categories.order_by("pk")
        self.fields["local_government"].queryset = LocalGovernment.objects.filter(
            pk__in=access_of(user).member_of
        ).order_by("name")

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category is None:
            return data
        if category.kind == RegistrationCategory.Kind.MEMBER_DELEGATE:
            if not data.get("local_government"):
                self.add_error(
                    "local_government", _("A member delegate names the member they represent.")
                )
        else:
            if data.get("local_government"):
                self.add_error(
                    "local_government", _("Only member delegates register on behalf of a member.")
                )
            if not data.get("country"):
                self.add_error("country", _("Say which country you come from."))
        return data


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=40,
        required=False,
        help_text=_("Scan the badge's QR code, or type its code and press Enter."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Registration.Status.choices],
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none(), required=False
    )
    q = forms.CharField(label=_("Name or e-mail"), max_length=100, required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = event.categories.order_by("pk")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the certificate revoked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
