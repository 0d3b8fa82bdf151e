"""Who may see and change campaigns, participation, milestones, targets, forecasts,
action plans and actions.

- Methodologies and campaigns are public. The secretariat defines them; the
  staff of a campaign's coordinating office keep its page.
- A participation, with its milestones, is seen wherever its local government
  is. Editors of the local government and the offices covering it join
  campaigns, record milestones and their evidence; only office staff covering
  it (or the secretariat) verify a milestone — a member never verifies itself.
- Targets, forecasts, plans and actions: insiders (the local government's
  editors and viewers, its offices, the secretariat) see all of them;
  everyone else sees what is published, of a published local government.
  Editors and covering offices change them.
"""

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Participation,
    Target,
)
from localaction.inventories.models import Inventory
from localaction.network.models import LocalGovernment
from localaction.network.permissions import (
    can_edit_local_government,
    can_view_local_government,
    is_covered_by,
    local_governments_visible_to,
)


def is_insider(user, local_government: LocalGovernment) -> bool:
    """Whether the person works for the local government or an office covering it."""
    return local_government.pk in access_of(user).member_of or is_covered_by(user, local_government)


def _insiders_of(user) -> QuerySet[LocalGovernment]:
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


# Methodologies and campaigns


def can_edit_methodologies(user) -> bool:
    return access_of(user).is_secretariat


def can_add_campaign(user) -> bool:
    return access_of(user).is_secretariat


def can_edit_campaign(user, campaign: Campaign) -> bool:
    access = access_of(user)
    return access.is_secretariat or campaign.office_id in access.offices


# Participation and milestones


def participations_visible_to(user) -> QuerySet[Participation]:
    return Participation.objects.filter(local_government__in=local_governments_visible_to(user))


def can_view_participation(user, participation: Participation) -> bool:
    return can_view_local_government(user, participation.local_government)


def can_join_campaign(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def can_edit_participation(user, participation: Participation) -> bool:
    """Recording milestones and evidence, withdrawing."""
    return can_edit_local_government(user, participation.local_government)


def can_verify_milestone(user, participation: Participation) -> bool:
    return is_covered_by(user, participation.local_government)


def can_view_evidence(user, participation: Participation) -> bool:
    """Uploaded files stay with the insiders: they may hold drafts and names."""
    return is_insider(user, participation.local_government)


# Targets, forecasts, action plans and actions: one rule for all four.


def _published_or_insider(model, user) -> QuerySet:
    objects = model.objects.all()
    if access_of(user).is_secretariat:
        return objects
    public = Q(
        is_published=True,
        local_government__is_published=True,
    )
    return objects.filter(public | Q(local_government__in=_insiders_of(user)))


def targets_visible_to(user) -> QuerySet[Target]:
    return _published_or_insider(Target, user)


def action_plans_visible_to(user) -> QuerySet[ActionPlan]:
    return _published_or_insider(ActionPlan, user)


def actions_visible_to(user) -> QuerySet[Action]:
    return _published_or_insider(Action, user)


def can_view_commitment(user, commitment: Target | ActionPlan | Action) -> bool:
    local_government = commitment.local_government
    if commitment.is_published and local_government.is_published:
        return True
    return is_insider(user, local_government)


def can_edit_commitments(user, local_government: LocalGovernment) -> bool:
    """Adding and changing targets, the forecast, plans and actions."""
    return can_edit_local_government(user, local_government)


def can_view_forecast(user, local_government: LocalGovernment) -> bool:
    """A forecast is a working assumption: insiders see it; the public sees the
    BAU figures of published targets only."""
    return is_insider(user, local_government)


def inventories_for_figures(user, local_government: LocalGovernment) -> QuerySet[Inventory]:
    """The inventories a person's target figures are computed from: insiders
    count every inventory beyond draft (of a corrected year, the latest version
    beyond draft), everyone else the published ones."""
    inventories = Inventory.objects.filter(local_government=local_government)
    if is_insider(user, local_government):
        return inventories.beyond_draft()
    return inventories.published()
