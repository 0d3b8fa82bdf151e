"""Each measure equals an independent count over the database, written here
in plain ORM or SQL (not with the measure's code), for a period and a region."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.campaigns.models import Campaign, MilestoneProgress, Participation, Target
from localaction.conftest import make_user
from localaction.finance.models import FeeSchedule, Invoice, InvoiceLine, payment_reference
from localaction.finance.payments import record_payment
from localaction.finance.services import next_number
from localaction.inventories.models import Inventory
from localaction.network.models import Country, LocalGovernment, Membership, Region
from localaction.partnerships.models import Agreement, PartnerOrganisation
from localaction.reports.tests.test_services import inventory
from localaction.results import measures
from localaction.results.services import Span

YEAR = 2025
SPAN = Span(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))


def day(month: int, date: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, date)


def sql_count(query: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


@pytest.fixture
def finance_staff(cast):
    return make_user("finance", kind=Role.Kind.FINANCE, office=cast.europe_office)


@pytest.fixture
def town(cast):
    made = iter(range(1000))

    def town(country, **fields) -> LocalGovernment:
        number = next(made)
        return LocalGovernment.objects.create(
            code=f"{country.code.lower()}-town-{number}",
            name=f"Town {number}",
            country=country,
            population=10_000 + number,
            **fields,
        )

    return town


def test_registry_names_every_measure_with_words_and_records(cast):
    names = set(measures.MEASURES)
    assert {
        "active_members",
        "members_reporting_inventories",
        "committed_reductions",
        "dues_collection_rate",
        "partnerships_active",
        *(f"ccp_milestone_{number}" for number in range(1, 6)),
    } <= names
    europe = Region.objects.get(code="europe")
    for measure in measures.MEASURES.values():
        assert "in Europe" in measure.words(europe) or measure.name == "partnerships_active"
        assert measure.records(SPAN, europe).startswith("/")
        assert measure.display_title


def test_active_members_by_region_and_in_total(cast, town):
    germany, kenya = cast.freiburg.country, cast.nairobi.country
    cases = [
        (germany, Membership.Status.ACTIVE, day(3, 1), None),  # counts
        (germany, Membership.Status.ACTIVE, day(3, 1, YEAR + 1), None),  # begins later
        (germany, Membership.Status.LAPSED, day(1, 1, 2020), day(6, 1, YEAR + 1)),  # lapsed later
        (germany, Membership.Status.LAPSED, day(1, 1, 2020), day(6, 1)),  # lapsed before the end
        (kenya, Membership.Status.ACTIVE, day(1, 1, 2021), None),
        (kenya, Membership.Status.APPLIED, None, None),
    ]
    for country, status, started, ended in cases:
        Membership.objects.create(
            local_government=town(country),
            status=status,
            applied_on=day(1, 1, 2019),
            started_on=started,
            ended_on=ended,
        )
    europe = Region.objects.get(code="europe")
    end = SPAN.ends_on
    independent = """
        SELECT COUNT(DISTINCT m.local_government_id)
        FROM network_membership m
        JOIN network_localgovernment lg ON lg.id = m.local_government_id
        JOIN network_country c ON c.code = lg.country_id
        WHERE ((m.status = 'active' AND (m.started_on IS NULL OR m.started_on <= %s))
           OR (m.status IN ('lapsed', 'withdrawn') AND m.started_on <= %s AND m.ended_on > %s))
    """
    total = sql_count(independent, [end, end, end])
    in_europe = sql_count(independent + " AND c.region_id = %s", [end, end, end, europe.pk])
    assert (total, in_europe) == (4, 3)  # Freiburg (the cast's), two towns; one in Kenya
    assert measures.MEASURES["active_members"](SPAN) == total
    assert measures.MEASURES["active_members"](SPAN, europe) == in_europe


def test_members_reporting_inventories_counts_publications_in_the_period(cast, town):
    germany = cast.freiburg.country
    stamp = datetime.datetime(YEAR, 5, 1, 12, tzinfo=datetime.UTC)
    for place, year, status, published in [
        (cast.freiburg, 2020, "published", stamp),
        (cast.freiburg, 2021, "published", stamp),  # the same member twice
        (town(germany), 2020, "published", stamp.replace(year=YEAR - 1)),  # the year before
        (town(germany), 2020, "submitted", None),
        (cast.nairobi, 2022, "published", stamp.replace(month=12, day=31, hour=10)),
    ]:
        Inventory.objects.create(
            local_government=place, year=year, status=status, published_at=published
        )
    europe = Region.objects.get(code="europe")
    counted = (
        Inventory.objects.filter(published_at__year=YEAR)
        .values_list("local_government", flat=True)
        .distinct()
    )
    assert measures.MEASURES["members_reporting_inventories"](SPAN) == len(set(counted)) == 2
    in_europe = {
        pk for pk in counted if LocalGovernment.objects.get(pk=pk).country.region_id == europe.pk
    }
    assert measures.MEASURES["members_reporting_inventories"](SPAN, europe) == len(in_europe) == 1


def test_ccp_participants_at_each_milestone(cast, town):
    campaign = Campaign.objects.get(code="ccp")
    milestones = list(campaign.methodology.milestones.order_by("number"))
    germany = cast.freiburg.country
    reached = {1: 3, 2: 2, 3: 1}  # participants whose recorded progress reached each number
    places = [cast.freiburg, town(germany), town(germany), cast.nairobi]
    for index, place in enumerate(places):
        participation = Participation.objects.create(
            campaign=campaign, local_government=place, joined_on=day(1, 10, 2020)
        )
        for milestone in milestones[: 3 - index if index < 3 else 0]:
            MilestoneProgress.objects.create(
                local_government=place,
                participation=participation,
                milestone=milestone,
                status=MilestoneProgress.Status.ACHIEVED,
            )
    # One who withdrew before the period's end does not count, whatever it reached.
    gone = Participation.objects.create(
        campaign=campaign,
        local_government=town(germany),
        joined_on=day(1, 1, 2020),
        withdrawn_on=day(2, 1),
    )
    MilestoneProgress.objects.create(
        local_government=gone.local_government,
        participation=gone,
        milestone=milestones[0],
        status=MilestoneProgress.Status.ACHIEVED,
    )
    for number in range(1, 6):
        independent = (
            MilestoneProgress.objects.filter(
                participation__campaign=campaign,
                participation__withdrawn_on__isnull=True,
                milestone__number=number,
                status__in=["achieved", "verified"],
            )
            .values("participation")
            .distinct()
            .count()
        )
        assert independent == reached.get(number, 0)
        assert measures.MEASURES[f"ccp_milestone_{number}"](SPAN) == independent
    europe = Region.objects.get(code="europe")
    assert measures.MEASURES["ccp_milestone_1"](SPAN, europe) == 3


def test_partnerships_active_on_the_last_day(cast):
    partner = PartnerOrganisation.objects.create(name="UN-Habitat", kind="un")

    def agreement(status, starts_on, ends_on):
        made = Agreement.objects.create(
            partner=partner,
            kind="mou",
            title="MoU",
            office=cast.world_office,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        Agreement.objects.filter(pk=made.pk).update(status=status)

    agreement("active", day(1, 1, 2020), None)  # counts
    agreement("active", day(1, 1, 2020), day(12, 31))  # counts: ends that day
    agreement("ended", day(1, 1, 2020), day(12, 31, YEAR + 1))  # ended since: counted then
    agreement("expired", day(1, 1, 2020), day(6, 30))  # expired before
    agreement("draft", day(1, 1, 2020), None)  # never activated
    agreement("active", day(1, 1, YEAR + 1), None)  # begins later
    end = SPAN.ends_on
    independent = sql_count(
        "SELECT COUNT(*) FROM partnerships_agreement WHERE status <> 'draft' "
        "AND (starts_on IS NULL OR starts_on <= %s) AND (ends_on IS NULL OR ends_on >= %s) "
        "AND (status = 'active' OR ends_on IS NOT NULL)",
        [end, end],
    )
    assert independent == 3
    assert measures.MEASURES["partnerships_active"](SPAN) == independent


def test_dues_collection_rate_as_the_finance_dashboard_counts(cast, finance_staff, town):
    schedule = FeeSchedule.objects.get(year=2027, is_example=True)
    other = Membership.objects.create(
        local_government=town(cast.freiburg.country),
        status=Membership.Status.ACTIVE,
        type=Membership.Type.FULL,
    )
    invoices = []
    for membership, total in ((cast.freiburg.memberships.get(), "400.00"), (other, "600.00")):
        with transaction.atomic():
            number = next_number(cast.europe_office, YEAR)
            invoice = Invoice.objects.create(
                office=cast.europe_office,
                local_government=membership.local_government,
                membership=membership,
                year=YEAR,
                schedule=schedule,
                number=number,
                payment_reference=payment_reference(number),
                issued_on=day(1, 15),
                due_on=day(2, 14),
                reference_date=day(1, 1),
                total=Money(Decimal(total), "EUR"),
                category=membership.category,
                fee_basis=membership.category.fee_basis,
                population=membership.local_government.population,
                income_group="high",
                income_group_fiscal_year=2024,
                language="de",
            )
            InvoiceLine.objects.create(
                invoice=invoice,
                position=1,
                kind=InvoiceLine.Kind.ANNUAL_FEE,
                description="Annual fee",
                amount=Money(Decimal(total), "EUR"),
            )
        invoices.append(invoice)
    record_payment(
        office=cast.europe_office,
        received_on=day(3, 1),
        amount=Money(Decimal("250.00"), "EUR"),
        method="bank_transfer",
        by=finance_staff,
        invoice=invoices[0],
    )
    # Collected over invoiced, from the raw rows: 250 of 1,000.
    invoiced = sum(i.total.amount for i in Invoice.objects.filter(year=YEAR))
    assert invoiced == Decimal("1000.00")
    assert measures.MEASURES["dues_collection_rate"](SPAN) == 25.0
    africa = Region.objects.get(code="africa")
    assert measures.MEASURES["dues_collection_rate"](SPAN, africa) is None  # nothing invoiced


def test_committed_reductions_are_the_network_reports(cast):
    # The network report's own method, reused (reports/tests/test_services.py works
    # the same figures): base 1,000,000 t in 2010, 40 % below by 2030 → 600,000 t;
    # business as usual stays at 2020's 800,000 t → 200,000 t committed for 2030;
    # net zero by 2050 commits all 800,000 t. 1,000,000 t in all.
    freiburg = cast.freiburg
    inventory(freiburg, 2010, co2_t=1_000_000)
    inventory(freiburg, 2020, co2_t=800_000)
    adopted = datetime.date(2021, 1, 1)
    common = {"local_government": freiburg, "base_year": 2010, "adopted_on": adopted}
    Target.objects.create(
        title="40 % by 2030",
        type="base_year",
        target_year=2030,
        reduction_percent=40,
        is_published=True,
        **common,
    )
    Target.objects.create(
        title="Net zero by 2050",
        type="fixed_level",
        target_year=2050,
        level_tco2e=0,
        is_published=True,
        **common,
    )
    Target.objects.create(  # unpublished: never counts
        title="Draft", type="fixed_level", target_year=2040, level_tco2e=0, **common
    )
    span = Span(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    assert measures.MEASURES["committed_reductions"](span) == pytest.approx(1_000_000)
    europe, africa = Region.objects.get(code="europe"), Region.objects.get(code="africa")
    assert measures.MEASURES["committed_reductions"](span, europe) == pytest.approx(1_000_000)
    assert measures.MEASURES["committed_reductions"](span, africa) == 0
    # A year before the first published inventory: the report has nothing to say.
    early = Span(datetime.date(2000, 1, 1), datetime.date(2000, 12, 31))
    assert measures.MEASURES["committed_reductions"](early) is None


def test_members_introduced_in_the_priority_regions(cast, town):
    ghana, china = Country.objects.get(code="GH"), Country.objects.get(code="CN")
    germany = cast.freiburg.country
    cases = [
        (ghana, day(2, 1)),  # counts
        (ghana, day(11, 30)),  # counts
        (ghana, day(12, 31, YEAR - 1)),  # the year before
        (china, day(6, 15)),  # counts
        (germany, day(6, 15)),  # not a priority region
        (china, None),  # applied, not begun
    ]
    for country, started in cases:
        Membership.objects.create(
            local_government=town(country),
            status=Membership.Status.ACTIVE if started else Membership.Status.APPLIED,
            applied_on=day(1, 1, 2019),
            started_on=started,
        )
    independent = """
        SELECT COUNT(DISTINCT m.local_government_id)
        FROM network_membership m
        JOIN network_localgovernment lg ON lg.id = m.local_government_id
        JOIN network_country c ON c.code = lg.country_id
        WHERE m.started_on BETWEEN %s AND %s
          AND c.code IN (SELECT country_id FROM development_priorityregion_countries)
    """
    total = sql_count(independent, [SPAN.starts_on, SPAN.ends_on])
    africa = ghana.region
    in_africa = sql_count(
        independent + " AND c.region_id = %s", [SPAN.starts_on, SPAN.ends_on, africa.pk]
    )
    assert (total, in_africa) == (3, 2)
    introduced = measures.MEASURES["members_introduced_priority_regions"]
    assert introduced(SPAN) == total
    assert introduced(SPAN, africa) == in_africa
