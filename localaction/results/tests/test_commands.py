"""`localaction results review`: a review of every indicator of the adopted
plan, recorded by a member of the secretariat only."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localaction.results.models import Review


def test_the_secretariat_records_a_review(indicator, cast):
    indicator()
    indicator("2.2a")
    out = StringIO()
    call_command("results", "review", "--by", "secretariat", "--note", "Council", stdout=out)
    review = Review.objects.get()
    assert review.entries.count() == 2 and review.note == "Council"
    assert "2 indicators" in out.getvalue()


@pytest.mark.parametrize("who", ["staff", "editor", "nobody"])
def test_no_one_else_does(indicator, cast, who):
    indicator()
    with pytest.raises(CommandError):
        call_command("results", "review", "--by", who, stdout=StringIO())
    assert not Review.objects.exists()
