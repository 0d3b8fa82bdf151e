"""Who reads and keeps the plan's results.

- Anyone, signed in or not, reads the public indicators of the adopted plan
  (`/plan/results/`): their values and status, nothing else.
- The dashboard, its PDF report, every indicator and its values are read by
  staff of any office, the secretariat, and those who sit on the
  association's governing bodies (a current mandate on the Council or the
  Executive Committee, the bodies of the whole association).
- Reported values are entered and submitted by staff of the indicator's
  responsible office, or by the secretariat (for every indicator).
- A submitted value is approved or returned by the secretariat, and never
  by the person who entered it: a second pair of eyes. (The platform knows
  no office lead; the World Secretariat approves for every office.)
- Indicators, their periods and reviews are the secretariat's.

Every door (pages, API, admin) asks these functions; none decides by itself.
"""

from __future__ import annotations

from localaction.accounts.access import access_of
from localaction.governance.models import Mandate


def sits_on_governing_body(user) -> bool:
    """A current mandate on a body of the whole association (not a regional one)."""
    if not access_of(user).is_authenticated:
        return False
    return Mandate.objects.current().filter(user=user, seat__body__region__isnull=True).exists()


def can_read_results(user) -> bool:
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff or sits_on_governing_body(user)


def can_keep_indicators(user) -> bool:
    """Define indicators and periods, close periods, record reviews."""
    return access_of(user).is_secretariat


def can_enter_values(user, indicator) -> bool:
    access = access_of(user)
    if access.is_secretariat:
        return True
    return indicator.office_id is not None and indicator.office_id in access.offices


def may_approve(user) -> bool:
    """Whether the person approves values at all (someone else's only: `can_approve_value`)."""
    return access_of(user).is_secretariat


def can_approve_value(user, value) -> bool:
    return may_approve(user) and value.entered_by_id != user.pk
