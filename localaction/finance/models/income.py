"""Countries' World Bank income groups, as data with their classification year."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.network.models import Country


class IncomeGroup(models.TextChoices):
    """The World Bank's four income groups (GNI per capita, Atlas method); the
    values are those of `localaction.core.dues.IncomeGroup`."""

    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower-middle", _("Lower-middle income")
    UPPER_MIDDLE = "upper-middle", _("Upper-middle income")
    HIGH = "high", _("High income")


def fiscal_year_on(day: datetime.date) -> int:
    """The World Bank fiscal year in force on `day`: FY N runs from 1 July of
    N − 1 to 30 June of N, and each year's classification takes effect on 1 July."""
    return day.year + 1 if day.month >= 7 else day.year


class CountryIncomeGroupQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date, country) -> CountryIncomeGroup | None:
        """The country's most recent classification in force on `day` (the latest
        fiscal year not after the one running then), or None when it has none."""
        return (
            self.filter(country=country, fiscal_year__lte=fiscal_year_on(day))
            .order_by("-fiscal_year")
            .first()
        )


class CountryIncomeGroup(models.Model):
    """A country's income group in one World Bank classification (fiscal year).

    An empty `group` is a country the World Bank left unclassified (Venezuela
    since FY2022): its members are listed as "not invoiced: no income group",
    never charged zero. The secretariat corrects a group through
    `finance.services.set_income_group`, which keeps who changed it and why
    (the history below).
    """

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="income_groups", verbose_name=_("country")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("classification (World Bank fiscal year)"),
        validators=[MinValueValidator(1988), MaxValueValidator(2100)],
        help_text=_("FY2024 is the classification in force from 1 July 2023 to 30 June 2024."),
    )
    group = models.CharField(
        _("income group"),
        max_length=12,
        choices=IncomeGroup.choices,
        blank=True,
        help_text=_("Empty: not classified (members there are not invoiced)."),
    )
    source = models.CharField(_("source"), max_length=300)

    history = HistoricalRecords()
    objects = CountryIncomeGroupQuerySet.as_manager()

    class Meta:
        ordering = ["country", "-fiscal_year"]
        verbose_name = _("country income group")
        verbose_name_plural = _("country income groups")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "fiscal_year"], name="one_income_group_per_country_and_year"
            ),
        ]

    def __str__(self) -> str:
        group = self.get_group_display() if self.group else _("not classified")
        return f"{self.country} FY{self.fiscal_year}: {group}"
