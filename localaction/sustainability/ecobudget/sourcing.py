"""Each standard indicator's actual value, as a platform source (`ecobudget.<code>`).

A source reads the member's balance of the year once the council adopted it
(the figure is final then), with a link to the balance; None otherwise. The
sources follow the library as shipped (data/indicators.csv), so registering
them needs no database.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.network.models import LocalGovernment
from localaction.sustainability import sources
from localaction.sustainability.ecobudget import library
from localaction.sustainability.ecobudget.models import EcoBudget, EcoBudgetLine


def _reader(code: str):
    def read(local_government: LocalGovernment, year: int) -> sources.Sourced | None:
        line = (
            EcoBudgetLine.objects.filter(
                budget__local_government=local_government,
                budget__year=year,
                budget__status=EcoBudget.Status.BALANCE_ADOPTED,
                indicator__code=code,
                indicator__local_government__isnull=True,
                actual__isnull=False,
            )
            .select_related("budget")
            .first()
        )
        if line is None:
            return None
        return sources.Sourced(
            line.actual,
            reverse("ecobudget:balance", args=[local_government.code, year]),
            _("ecoBUDGET balance %(year)s, adopted by the council on %(date)s")
            % {"year": year, "date": line.budget.balance_adopted_on},
        )

    return read


def register_sources() -> None:
    """One source per standard indicator of the library."""
    for indicator in library.indicators():
        sources.register(
            sources.Source(
                f"ecobudget.{indicator.code}",
                gettext_lazy(indicator.name),
                indicator.unit,
                "environmental",
                indicator.direction,
                _reader(indicator.code),
            )
        )
