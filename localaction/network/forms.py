from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.background.uploads import ImportFileForm
from localaction.network.models import LocalGovernment, Membership, MembershipCategory
from localaction.network.permissions import can_change_jurisdiction, local_governments_visible_to


class LocalGovernmentCodeField(forms.CharField):
    """A local government named by its code, among `queryset` (those the person may see)."""

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = queryset if queryset is not None else LocalGovernment.objects.none()

    def to_python(self, value) -> LocalGovernment | None:
        code = (super().to_python(value) or "").strip()
        if not code:
            return None
        local_government = self.queryset.filter(code=code).first()
        if local_government is None:
            # The same words whether it does not exist or may not be seen.
            raise forms.ValidationError(
                gettext("No local government has the code '%(code)s'.") % {"code": code}
            )
        return local_government

    def prepare_value(self, value):
        if isinstance(value, int):
            return LocalGovernment.objects.filter(pk=value).values_list("code", flat=True).first()
        return getattr(value, "code", value)


class LanguagesField(forms.CharField):
    """ISO 639 codes typed as a comma-separated list."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class LocalGovernmentForm(forms.ModelForm):
    """The profile a local government's editors and its office keep up to date."""

    parent = LocalGovernmentCodeField(
        label=_("Parent jurisdiction"),
        required=False,
        help_text=_("Code of the larger local government that contains this one."),
    )
    languages = LanguagesField(
        label=_("Languages"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, e.g. de, en."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = LocalGovernment
        fields = [
            "name",
            "kind",
            "subdivision",
            "parent",
            "population",
            "population_year",
            "population_growth_percent",
            "area_km2",
            "latitude",
            "longitude",
            "languages",
            "website",
            "is_published",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "population_growth_percent": forms.NumberInput(attrs={"step": "any"}),
            "area_km2": forms.NumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not can_change_jurisdiction(user, self.instance):
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = local_governments_visible_to(user)


class NewLocalGovernmentForm(LocalGovernmentForm):
    """Adding a local government: its code and country are set once, here."""

    class Meta(LocalGovernmentForm.Meta):
        fields = ["code", "country", *LocalGovernmentForm.Meta.fields]

    def __init__(self, *args, countries, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["country"].queryset = countries


class MembershipCategoryField(forms.ModelChoiceField):
    """A membership category, named with its type: the list holds every type's
    categories, and `Membership.clean` refuses one of another type than chosen."""

    def label_from_instance(self, category: MembershipCategory) -> str:
        return f"{category} ({Membership.Type(category.membership_type).label})"


class MembershipApplicationForm(forms.ModelForm):
    category = MembershipCategoryField(
        label=_("Category"),
        queryset=MembershipCategory.objects.exclude(membership_type=""),
        required=False,
        empty_label=_("The type's usual category"),
        help_text=_(
            "A category of the type chosen (it says whether the member votes and how "
            "its dues are set); left empty, the type's usual one."
        ),
    )

    class Meta:
        model = Membership
        fields = ["type", "category", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class MembershipDecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Membership.Status.choices)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["status"].choices = [
            (value, label)
            for value, label in Membership.Status.choices
            if membership.can_move_to(value)
        ]


class MembersFileForm(ImportFileForm):
    """A member-register file to import (docs/formats/members.md)."""

    file = forms.FileField(
        label=_("Member register file"),
        help_text=_("CSV (UTF-8) or XLSX with the columns of the member register format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
