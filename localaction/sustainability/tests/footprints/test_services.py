"""Reporting, estimating and verifying footprints through the services: the
worked example, what is kept for traceability, and every bad input of the
issue refused with a clear error and nothing written."""

import math

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.models import Footprint, NationalFootprint
from localaction.sustainability.sources import value_of
from localaction.sustainability.tests.footprints.conftest import EVIDENCE, FACTORS

pytestmark = pytest.mark.django_db


def test_estimate_is_national_figure_times_factor_times_population(estimate, references):
    # By hand (national gha/person × factor × 200,000 people):
    #   food 1.2 × 1.0 = 240,000; housing 0.9 × 0.8 = 144,000;
    #   personal transport 0.8 × 0.5 = 80,000; goods 0.7 × 1.1 = 154,000;
    #   services 0.6 × 1.0 = 120,000; government and capital 0.8 × 1.0 = 160,000.
    assert estimate.by_category == pytest.approx(
        {
            "food": 240_000,
            "housing": 144_000,
            "personal_transport": 80_000,
            "goods": 154_000,
            "services": 120_000,
            "government_capital": 160_000,
        }
    )
    assert estimate.total == pytest.approx(898_000)
    assert estimate.total == pytest.approx(math.fsum(estimate.by_category.values()))
    assert estimate.per_person == pytest.approx(4.49)  # 898,000 / 200,000
    assert estimate.kind == Footprint.Kind.ESTIMATE
    assert estimate.status == Footprint.Status.REPORTED


def test_estimate_keeps_the_reference_values_it_used(estimate, references, cast):
    germany = references["germany"]
    services.national_footprint_save(
        country=germany.country,
        year=2021,
        by_category=dict.fromkeys(germany.by_category, 9.0),
        source="Corrected",
        user=cast.secretariat,
    )
    estimate.refresh_from_db()
    assert estimate.total == pytest.approx(898_000)
    assert estimate.reference_values["by_category"]["food"] == 1.2
    assert estimate.reference_values["source"] == "Illustrative test values"
    assert estimate.reference_values["is_illustrative"] is True
    assert estimate.evidence["housing"] == EVIDENCE["housing"]
    assert estimate.factors["food"] == 1.0


def test_study_per_person_and_in_shares_is_stored_in_gha(cast, congress):
    footprint = services.footprint_report_study(
        local_government=cast.freiburg,
        round=congress,
        year=2021,
        population=100_000,
        total=4.0,
        unit="gha / person",
        by_category={"food": 25.0, "housing": 75.0},
        parts_in=services.PARTS_IN_PERCENT,
        method_name="GFN city footprint",
        user=cast.editor,
    )
    assert footprint.total == pytest.approx(400_000)  # 4.0 gha/person × 100,000 people
    assert footprint.by_category == pytest.approx({"food": 100_000, "housing": 300_000})
    assert footprint.per_person == pytest.approx(4.0)


def test_study_in_kilo_global_hectares(cast, congress):
    footprint = services.footprint_report_study(
        local_government=cast.freiburg,
        round=congress,
        year=2021,
        total=900.0,
        unit="kgha",
        by_land_type={"carbon": 600.0, "cropland": 300.0},
        method_name="Input-output",
        user=cast.editor,
    )
    assert footprint.total == pytest.approx(900_000)
    assert footprint.by_land_type == pytest.approx({"carbon": 600_000, "cropland": 300_000})
    assert footprint.population == cast.freiburg.population


def _study(cast, congress, **changes):
    values = {
        "local_government": cast.freiburg,
        "round": congress,
        "year": 2022,
        "total": 1_000_000.0,
        "method_name": "GFN city footprint",
        "user": cast.editor,
    } | changes
    return services.footprint_report_study(**values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"by_category": {"food": 600_000.0, "housing": 300_000.0}},
            "by_category",
            "add up to 900,000, not to the total 1e+06",
        ),
        (
            {"by_land_type": {"carbon": 70.0, "cropland": 20.0}, "parts_in": "percent"},
            "by_land_type",
            "add up to 90 %, not to 100 %",
        ),
        ({"unit": "ha"}, "unit", "not a unit of a footprint"),
        ({"unit": "t"}, "unit", "use gha (global hectares) or gha / person"),
        ({"total": math.inf}, "total", "footprint must be a finite number"),
        ({"total": math.nan}, "total", "footprint must be a finite number"),
        ({"total": 1e20}, "total", "from 0 to 1e12 gha"),
        ({"total": 200.0, "unit": "gha / person"}, "total", "from 0 to 100 gha / person"),
        ({"total": -5.0}, "total", "footprint must be"),
        ({"by_category": {"food": math.inf}}, "category_food", "must be a finite number"),
        ({"year": 2019}, "year", "of a year from 2021 to 2023, not 2019"),
        ({"year": 2024}, "year", "not 2024"),
        ({"method_name": " "}, "method", "Name the method"),
        ({"population": 0}, "population", "above 0"),
    ],
)
def test_bad_studies_are_refused_and_write_nothing(cast, congress, changes, field, message):
    with pytest.raises(ValidationError) as error:
        _study(cast, congress, **changes)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not Footprint.objects.exists()


def test_a_second_footprint_in_the_same_round_is_refused(cast, congress, estimate):
    with pytest.raises(ValidationError, match="has already reported a footprint at the World"):
        _study(cast, congress)
    assert Footprint.objects.count() == 1


def test_a_factor_other_than_one_needs_its_evidence(cast, congress, references):
    with pytest.raises(ValidationError) as error:
        services.footprint_report_estimate(
            local_government=cast.freiburg,
            round=congress,
            year=2022,
            factors=FACTORS,
            evidence={},
            user=cast.editor,
        )
    assert "evidence_housing" in error.value.message_dict
    assert not Footprint.objects.exists()


@pytest.mark.parametrize("factor", [math.inf, math.nan, -1.0, 11.0])
def test_bad_factors_are_refused(cast, congress, references, factor):
    with pytest.raises(ValidationError) as error:
        services.footprint_report_estimate(
            local_government=cast.freiburg,
            round=congress,
            year=2022,
            factors={"food": factor},
            evidence={"food": "Survey"},
            user=cast.editor,
        )
    assert "adjustment factor must be" in error.value.message_dict["factor_food"][0]
    assert not Footprint.objects.exists()


def test_an_estimate_needs_a_national_reference_up_to_its_year(cast, congress, references):
    NationalFootprint.objects.filter(country_id="DE").update(year=2023)
    with pytest.raises(ValidationError, match="no national footprint of Germany up to 2022"):
        services.footprint_report_estimate(
            local_government=cast.freiburg,
            round=congress,
            year=2022,
            factors={},
            evidence={},
            user=cast.editor,
        )


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff", "anonymous"])
def test_only_editors_and_offices_report(cast, congress, references, who):
    with pytest.raises(PermissionDenied):
        _study(cast, congress, user=getattr(cast, who) or AnonymousUser())
    assert not Footprint.objects.exists()


@pytest.mark.parametrize("who", ["editor", "colleague", "outsider", "other_staff"])
def test_a_member_never_verifies_itself(cast, estimate, who):
    with pytest.raises(PermissionDenied):
        services.footprint_verify(footprint=estimate, user=getattr(cast, who))
    estimate.refresh_from_db()
    assert estimate.status == Footprint.Status.REPORTED


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_the_office_verifies_once(cast, estimate, who):
    services.footprint_verify(footprint=estimate, user=getattr(cast, who))
    estimate.refresh_from_db()
    assert estimate.is_verified and estimate.verified_by == getattr(cast, who)
    with pytest.raises(ValidationError, match="verified already"):
        services.footprint_verify(footprint=estimate, user=cast.secretariat)
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        services.footprint_withdraw(footprint=estimate, user=cast.editor)


def test_sources_give_the_latest_verified_footprint_up_to_the_year(
    cast, estimate, earlier_congress, references
):
    assert value_of("footprint_per_person", cast.freiburg, 2030) is None  # reported only
    services.footprint_verify(footprint=estimate, user=cast.staff)
    older = _study(cast, earlier_congress, year=2019, total=1_200_000.0)
    services.footprint_verify(footprint=older, user=cast.staff)
    latest = value_of("footprint_per_person", cast.freiburg, 2030)
    assert latest.value == pytest.approx(4.49)
    assert latest.link == estimate.get_absolute_url()
    assert "2022" in latest.label
    assert value_of("footprint_total", cast.freiburg, 2022).value == pytest.approx(898_000)
    assert value_of("footprint_total", cast.freiburg, 2021).value == pytest.approx(1_200_000)
    assert value_of("footprint_total", cast.freiburg, 2018) is None


def test_national_references_need_every_category_and_matching_land_types(cast):
    germany = NationalFootprint._meta.get_field("country").related_model.objects.get(code="DE")
    with pytest.raises(ValidationError) as error:
        services.national_footprint_save(
            country=germany,
            year=2020,
            by_category={"food": 1.0},
            source="x",
            user=cast.secretariat,
        )
    assert "category_housing" in error.value.message_dict
    categories = dict.fromkeys(FACTORS, 1.0)
    land = {"cropland": 1.0, "grazing_land": 1.0, "forest_products": 1.0}
    land |= {"fishing_grounds": 1.0, "built_up_land": 1.0, "carbon": 2.0}  # 7, not 6
    with pytest.raises(ValidationError) as error:
        services.national_footprint_save(
            country=germany,
            year=2020,
            by_category=categories,
            by_land_type=land,
            source="x",
            user=cast.secretariat,
        )
    assert "add up to 7" in error.value.message_dict["by_land_type"][0]
    with pytest.raises(PermissionDenied):
        services.national_footprint_save(
            country=germany, year=2020, by_category=categories, source="x", user=cast.staff
        )
    assert not NationalFootprint.objects.exists()
    saved = services.national_footprint_save(
        country=germany, year=2020, by_category=categories, source="x", user=cast.secretariat
    )
    assert saved.per_person == 6.0


def test_congress_rounds_and_biocapacity_are_checked(cast):
    with pytest.raises(ValidationError, match="last year is before its first"):
        services.congress_round_save(
            year=2024, first_year=2023, last_year=2021, user=cast.secretariat
        )
    with pytest.raises(ValidationError, match="biocapacity per person must be"):
        services.biocapacity_save(year=2024, per_person=0.0, source="x", user=cast.secretariat)
    with pytest.raises(PermissionDenied):
        services.biocapacity_save(year=2024, per_person=1.5, source="x", user=cast.staff)
