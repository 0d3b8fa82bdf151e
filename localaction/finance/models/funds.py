"""Project funds: money a funder awarded to an office for a project over a
period (issue 18: awarded proposals of research, development and pilot
projects feed them).

`finance.funds.record_project_fund` records one (the office's finance staff,
or a service acting for them): a positive amount over a period that ends on
or after it starts. The budget comparison spreads each fund over the years of
its period in proportion to days (`finance.funds.spread_by_days`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.finance.models.schedules import money_field
from localaction.network.models import Office


class ProjectFund(models.Model):
    """An award of `amount` by `funder` to `office` for the project `title`,
    spent from `starts_on` to `ends_on` (both days included)."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="project_funds", verbose_name=_("office")
    )
    funder = models.CharField(_("funder"), max_length=200)
    title = models.CharField(_("project"), max_length=300)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("The funder's reference of the grant or contract."),
    )
    amount = money_field(_("amount"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    awarded_on = models.DateField(_("awarded on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "-starts_on", "title"]
        verbose_name = _("project fund")
        verbose_name_plural = _("project funds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="project_fund_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="project_fund_ends_after_it_starts",
            ),
            # A funder's grant is recorded once (a proposal awarded twice is a mistake).
            models.UniqueConstraint(
                fields=["office", "funder", "reference"],
                condition=~Q(reference=""),
                name="one_project_fund_per_funder_reference",
            ),
        ]
        indexes = [models.Index(fields=["office", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.funder})"

    def clean(self) -> None:
        if self.amount is not None and self.amount.amount <= 0:
            raise ValidationError({"amount": gettext("A project fund is a positive amount.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("A project ends on or after its start.")})
