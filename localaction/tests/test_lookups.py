"""`field__one_of`: the same rows as `__in`, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localaction.network.models import Country, LocalGovernment

CODES = ("de-ulm", "de-bonn", "de-kiel", "fr-lyon")


@pytest.fixture
def towns(db):
    return [
        LocalGovernment.objects.create(code=code, name=code, country_id=code[:2].upper())
        for code in CODES
    ]


def codes(queryset) -> list[str]:
    return sorted(queryset.values_list("code", flat=True))


def test_one_of_finds_the_rows_in_finds(towns):
    wanted = [towns[0].pk, towns[2].pk, towns[3].pk]
    assert codes(LocalGovernment.objects.filter(pk__one_of=wanted)) == codes(
        LocalGovernment.objects.filter(pk__in=wanted)
    )
    assert codes(LocalGovernment.objects.filter(pk__one_of=wanted)) == [
        "de-kiel",
        "de-ulm",
        "fr-lyon",
    ]


def test_one_of_follows_a_foreign_key_and_takes_text(towns):
    assert codes(LocalGovernment.objects.filter(country_id__one_of=["FR"])) == ["fr-lyon"]
    assert codes(LocalGovernment.objects.filter(country__one_of=["DE"])) == sorted(CODES[:3])


def test_one_of_nothing_is_nothing_and_none_is_never_matched(towns):
    assert codes(LocalGovernment.objects.filter(pk__one_of=[])) == []
    assert codes(LocalGovernment.objects.filter(pk__one_of=[None, towns[1].pk])) == ["de-bonn"]


def test_one_of_a_subquery_is_a_plain_in(towns):
    french = Country.objects.filter(code="FR").values("code")
    assert codes(LocalGovernment.objects.filter(country_id__one_of=french)) == ["fr-lyon"]


def test_one_of_sends_one_parameter_on_postgresql_however_many_values(towns):
    many = [town.pk for town in towns] + list(range(10**6, 10**6 + 5000))
    with CaptureQueriesContext(connection) as captured:
        assert len(codes(LocalGovernment.objects.filter(pk__one_of=many))) == len(CODES)
    sql = captured[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql  # one array, not 5,004 placeholders
    else:
        assert " IN (" in sql
