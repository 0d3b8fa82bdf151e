"""Who may read and act on the Association's money (finance/permissions.py)."""

import pytest

from localaction.finance import permissions
from localaction.finance.models import Invoice

pytestmark = pytest.mark.django_db


def test_finance_staff_handle_their_offices_money_only(cast, finance):
    assert permissions.can_issue_invoices(finance, cast.europe_office)
    assert permissions.can_record_payments(finance, cast.europe_office)
    assert permissions.can_keep_budget(finance, cast.europe_office)
    assert not permissions.can_issue_invoices(finance, cast.africa_office)


def test_world_secretariat_finance_staff_act_for_every_office(cast, world_finance):
    assert permissions.can_issue_invoices(world_finance, cast.africa_office)
    assert permissions.can_record_payments(world_finance, cast.europe_office)


@pytest.mark.parametrize(
    "who", ["staff", "other_staff", "secretariat", "editor", "colleague", "outsider"]
)
def test_nobody_else_handles_money(cast, who):
    assert not permissions.can_handle_money(getattr(cast, who), cast.europe_office)


def test_nobody_signed_out_handles_money(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_handle_money(AnonymousUser(), cast.europe_office)


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("editor", True),  # the member's own invoice
        ("colleague", False),  # viewers do not see the member's money
        ("outsider", False),
        ("staff", True),  # office staff read their region's
        ("other_staff", False),
        ("secretariat", True),
        ("finance", True),
        ("anonymous", False),
    ],
)
def test_who_reads_an_invoice(cast, issue, finance, who, may):
    from django.contrib.auth.models import AnonymousUser

    invoice = issue()
    person = finance if who == "finance" else getattr(cast, who) or AnonymousUser()
    assert permissions.can_read_invoice(person, invoice) is may
    readable = permissions.invoices_readable_by(person, Invoice.objects.all())
    assert (invoice in readable) is may


@pytest.mark.parametrize(
    ("who", "office", "may"),
    [
        ("staff", "europe_office", True),
        ("staff", "africa_office", False),
        ("other_staff", "africa_office", True),
        ("secretariat", "africa_office", True),
        ("editor", "europe_office", False),
    ],
)
def test_who_reads_an_offices_finances(cast, who, office, may):
    assert permissions.can_read_office_finances(getattr(cast, who), getattr(cast, office)) is may


def test_a_country_office_is_read_by_the_regional_staff_covering_it(cast):
    from localaction.network.models import Office

    germany_office = Office.objects.create(
        code="de", name="Germany office", kind=Office.Kind.COUNTRY, country=cast.freiburg.country
    )
    germany_office.countries.add(cast.freiburg.country)
    assert permissions.can_read_office_finances(cast.staff, germany_office)
    assert not permissions.can_read_office_finances(cast.other_staff, germany_office)


@pytest.mark.parametrize(
    ("who", "may"), [("secretariat", True), ("staff", False), ("editor", False)]
)
def test_reference_data_is_the_secretariats(cast, who, may):
    assert permissions.can_keep_reference_data(getattr(cast, who)) is may


def test_finance_staff_are_office_staff_of_their_office(cast, finance):
    from localaction.accounts.access import access_of

    access = access_of(finance)
    assert access.offices == access.finance_offices == frozenset({cast.europe_office.pk})
    assert not access.is_secretariat


def test_finance_staff_is_an_office_role(cast):
    from django.core.exceptions import ValidationError

    from localaction.accounts.models import Role
    from localaction.accounts.teams import kinds_for

    assert Role.Kind.FINANCE in kinds_for(cast.europe_office)
    assert Role.Kind.FINANCE not in kinds_for(cast.freiburg)
    with pytest.raises(ValidationError, match="Office staff belong to an office"):
        Role(user=cast.editor, kind=Role.Kind.FINANCE, local_government=cast.freiburg).clean()
