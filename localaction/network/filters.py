"""Filters over the register, shared by the API and the member directory pages.

Every filter validates its value: an unknown region, kind or status is a form
error (a 400 in the API), never silently ignored. Filters that name a local
government only accept the ones the person may see, so a filter cannot reveal
that an unpublished one exists.
"""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from localaction.network.models import Country, LocalGovernment, Membership, Region
from localaction.network.permissions import local_governments_visible_to

NO_MEMBERSHIP = "none"


def visible_local_governments(request):
    """The local governments a filter may name: those the person may see."""
    user = getattr(request, "user", None)
    if user is None:
        return LocalGovernment.objects.published()
    return local_governments_visible_to(user)


# The widest whole number a column of either database holds (a bigint).
BIGGEST_INTEGER = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    """A whole number, such as an id or a year. django-filter's NumberFilter
    takes any decimal (`1e30`, `-1.79e308`), which no integer column holds:
    the database refuses it with an error, not an empty list. This refuses what
    is not a whole number within a bigint, as a form error naming the filter
    (a 400 in the API)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -BIGGEST_INTEGER - 1)
        kwargs.setdefault("max_value", BIGGEST_INTEGER)
        super().__init__(*args, **kwargs)


class CountryCodeField(django_filters.fields.ModelChoiceField):
    """An ISO 3166-1 alpha-2 code in either case."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


class CountryCodeFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Orders by the chosen fields (or `default`), unknown values last, then by
    `tie_breaker`, so that pages of a paginated list never overlap."""

    def __init__(self, *args, default: str, tie_breaker: str, **kwargs):
        self.default = default
        self.tie_breaker = tie_breaker
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        ordering = []
        # Empty entries ("?ordering=,,", which the field's choices let through) choose nothing.
        chosen = [param for param in value or () if param]
        for param in chosen or [self.default]:
            field_name = self.get_ordering_value(param)
            expression = F(field_name.removeprefix("-"))
            if field_name.startswith("-"):
                ordering.append(expression.desc(nulls_last=True))
            else:
                ordering.append(expression.asc(nulls_last=True))
        return qs.order_by(*ordering, self.tie_breaker)


class LocalGovernmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code contains"))
    region = django_filters.ModelChoiceFilter(
        field_name="country__region",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region"),
        help_text=_("Region code, e.g. europe."),
        empty_label=_("All regions"),
    )
    country = CountryCodeFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 code, in either case."),
        empty_label=_("All countries"),
    )
    kind = django_filters.ChoiceFilter(
        choices=LocalGovernment.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    membership_status = django_filters.ChoiceFilter(
        choices=[*Membership.Status.choices, (NO_MEMBERSHIP, _("Not a member"))],
        method="filter_membership_status",
        label=_("Membership status"),
        empty_label=_("Members or not"),
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=visible_local_governments,
        to_field_name="code",
        widget=forms.TextInput,
        label=_("Parent jurisdiction (code)"),
    )
    ordering = NullsLastOrderingFilter(
        fields=[
            ("name", "name"),
            ("population", "population"),
            ("country__name", "country"),
            ("code", "code"),
        ],
        field_labels={
            "name": _("Name"),
            "-name": _("Name (descending)"),
            "population": _("Population"),
            "-population": _("Population (descending)"),
            # django-filter looks ascending labels up by field, descending ones by parameter.
            "country__name": _("Country"),
            "-country": _("Country (descending)"),
            "code": _("Code"),
            "-code": _("Code (descending)"),
        },
        default="name",
        tie_breaker="code",
        label=_("Order by"),
        empty_label=None,
    )

    class Meta:
        model = LocalGovernment
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_membership_status(self, queryset, name, value):
        return queryset.with_membership_status(value)


class CountryFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region"),
        help_text=_("Region code, e.g. europe."),
        empty_label=_("All regions"),
    )

    class Meta:
        model = Country
        fields = []


class MembershipFilter(django_filters.FilterSet):
    local_government = django_filters.ModelChoiceFilter(
        queryset=visible_local_governments,
        to_field_name="code",
        widget=forms.TextInput,
        label=_("Local government (code)"),
    )
    status = django_filters.ChoiceFilter(choices=Membership.Status.choices, label=_("Status"))

    class Meta:
        model = Membership
        fields = []
