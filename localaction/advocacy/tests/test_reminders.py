"""A role's review due is told to the staff of its office, once for each due
date, and to no one else."""

from __future__ import annotations

import datetime

import pytest

from localaction.accounts.models import Notification
from localaction.advocacy import services
from localaction.advocacy.models import RoleReview
from localaction.advocacy.tasks import remind_reviews

pytestmark = pytest.mark.django_db


def test_the_office_is_reminded_once(cast, role):
    assert role.review_due
    remind_reviews.call()
    told = Notification.objects.filter(kind="advocacy_review_due")
    assert {n.recipient for n in told} == {cast.staff}
    assert "UNFCCC" in told.get().params["role"]
    remind_reviews.call()
    assert told.count() == 1


def test_a_role_reviewed_is_not_reminded(cast, role):
    services.review_role(
        role,
        by=cast.staff,
        reviewed_on=datetime.date.today(),
        benefits="b",
        costs="c",
        recommendation=RoleReview.Recommendation.CONTINUE,
    )
    assert services.remind_reviews_due() == []
    assert not Notification.objects.exists()


def test_a_new_due_date_is_reminded_again(cast, role):
    assert services.remind_reviews_due() == [role]
    services.review_role(
        role,
        by=cast.staff,
        reviewed_on=datetime.date(2020, 1, 1),
        benefits="b",
        costs="c",
        recommendation=RoleReview.Recommendation.CONTINUE,
    )
    assert services.remind_reviews_due() == [role]
    assert Notification.objects.filter(recipient=cast.staff).count() == 2
