"""Exchange rates the secretariat enters, dated (the platform has no internet feed)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.finance.models.schedules import currency_field


class ExchangeRate(models.Model):
    """One unit of `from_currency` is worth `rate` units of `to_currency` from `on`.

    `finance.services.convert` uses the most recent rate on or before the day
    asked for, and returns it with the converted amount so that every
    converted total can say which rate it used. A rate is entered, never
    edited afterwards: a correction is a new rate (the old one may have been used).
    """

    on = models.DateField(_("date"))
    from_currency = currency_field(_("from currency"))
    to_currency = currency_field(_("to currency"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=20,
        decimal_places=10,
        validators=[MinValueValidator(Decimal("0.0000000001"))],
        help_text=_("Units of the second currency for one unit of the first."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        ordering = ["-on", "from_currency", "to_currency"]
        get_latest_by = "on"
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["on", "from_currency", "to_currency"], name="one_rate_per_day_and_pair"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
            models.CheckConstraint(
                condition=~Q(from_currency=F("to_currency")), name="rate_between_two_currencies"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate.normalize():f} {self.to_currency} ({self.on})"

    def save(self, *args, **kwargs) -> None:
        if self.pk and not self._state.adding:
            raise ValidationError(
                gettext("An exchange rate is not edited (it may have been used): enter a new one.")
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.from_currency and self.from_currency == self.to_currency:
            raise ValidationError(
                {"to_currency": gettext("A rate is between two different currencies.")}
            )
