"""What an office's invoices print about the office: its postal address and the
bank account members pay into (the register's Office knows neither)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.network.models import Office


def validate_iban(value: str) -> None:
    """An IBAN whose ISO 13616 check digits hold (moved to the end, the number
    read with A=10 … Z=35 leaves 1 when divided by 97)."""
    compact = "".join(value.split()).upper()
    if not (15 <= len(compact) <= 34 and compact[:2].isalpha() and compact[2:4].isdigit()):
        raise ValidationError(
            gettext("'%(iban)s' is not an IBAN: two letters, two check digits, then the account.")
            % {"iban": value}
        )
    if not compact.isalnum():
        raise ValidationError(
            gettext("An IBAN has letters and digits only, not '%(iban)s'.") % {"iban": value}
        )
    moved = compact[4:] + compact[:4]
    if int("".join(str(int(ch, 36)) for ch in moved)) % 97 != 1:
        raise ValidationError(
            gettext("The check digits of the IBAN '%(iban)s' do not match: a typing error?")
            % {"iban": value}
        )


class OfficeBankAccount(models.Model):
    """The address and bank account printed on an office's invoices.

    One per office and currency; the one with no currency serves invoices in
    any currency the office has no account of its own for. Finance staff of
    the office and the secretariat keep it (the admin); an invoice reads it
    when its PDF is rendered, so a corrected account reaches PDFs rendered later.
    """

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="bank_accounts", verbose_name=_("office")
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("An ISO 4217 code, e.g. EUR."))],
        help_text=_("Empty: any currency with no account of its own."),
    )
    postal_address = models.TextField(
        _("postal address"), help_text=_("As invoices print it, one line per line.")
    )
    account_holder = models.CharField(_("account holder"), max_length=200)
    bank_name = models.CharField(_("bank"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=42, blank=True, validators=[validate_iban])
    bic = models.CharField(
        _("BIC (SWIFT)"),
        max_length=11,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$",
                _("A BIC has 8 or 11 letters and digits, e.g. DEUTDEFF."),
            )
        ],
    )
    account_number = models.CharField(
        _("account number"),
        max_length=60,
        blank=True,
        help_text=_("Where banks use no IBAN: the account and routing numbers."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "currency"]
        verbose_name = _("office bank account")
        verbose_name_plural = _("office bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "currency"], name="one_bank_account_per_office_and_currency"
            ),
            models.CheckConstraint(
                condition=~models.Q(iban="", account_number=""),
                name="bank_account_has_an_iban_or_a_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.bank_name} {self.currency or ''}".strip()

    def clean(self) -> None:
        self.iban = " ".join(
            "".join(self.iban.split()).upper()[i : i + 4]
            for i in range(0, len("".join(self.iban.split())), 4)
        )
        if not self.iban and not self.account_number:
            raise ValidationError(
                {"iban": gettext("Give the IBAN, or the account number where banks use none.")}
            )

    @classmethod
    def for_invoice(cls, office: Office, currency: str) -> OfficeBankAccount | None:
        """The account an invoice of `office` in `currency` prints."""
        accounts = {account.currency: account for account in cls.objects.filter(office=office)}
        return accounts.get(currency) or accounts.get("")
