"""Pages of campaigns and methodologies, the participants of a campaign and
their milestones, with the evidence behind them.

Who may see or do what is `permissions`' call; what a milestone record means
is `services.milestone_record`'s. A participation one may not see is a 404;
an action one may not take a 403, and nothing changes.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction import charts
from localaction.campaigns.forms import (
    CampaignForm,
    JoinForm,
    MilestoneProgressForm,
    ParticipantFilterForm,
)
from localaction.campaigns.models import (
    Campaign,
    Methodology,
    Milestone,
    MilestoneProgress,
    Participation,
)
from localaction.campaigns.permissions import (
    can_add_campaign,
    can_edit_campaign,
    can_edit_methodologies,
    can_edit_participation,
    can_join_campaign,
    can_verify_milestone,
    can_view_commitment,
    can_view_evidence,
    can_view_participation,
    participations_visible_to,
)
from localaction.campaigns.services import campaign_funnel, milestone_record, milestone_states
from localaction.inventories.models import Inventory
from localaction.inventories.permissions import can_view_inventory
from localaction.network.models import LocalGovernment, Region
from localaction.network.permissions import (
    can_view_local_government,
    local_governments_editable_by,
    local_governments_visible_to,
)

PARTICIPANTS_PAGE_SIZE = 25


def _campaign(code: str) -> Campaign:
    """Campaigns are public: only an unknown code is a 404."""
    return get_object_or_404(
        Campaign.objects.select_related("methodology", "office").prefetch_related("regions"),
        code=code,
    )


def _visible_participation(request, campaign: str, code: str) -> Participation:
    """The participation, or 404 for those who may not know the participant."""
    participation = get_object_or_404(
        Participation.objects.select_related(
            "campaign__methodology", "campaign__office", "local_government__country__region"
        ),
        campaign__code=campaign,
        local_government__code=code,
    )
    if not can_view_participation(request.user, participation):
        raise Http404
    return participation


def _editable_participation(request, campaign: str, code: str) -> Participation:
    participation = _visible_participation(request, campaign, code)
    if not can_edit_participation(request.user, participation):
        raise PermissionDenied
    return participation


def _joinable(user, campaign: Campaign):
    """The local governments the person may enrol that could join: the campaign
    runs there and they are not in it yet."""
    local_governments = local_governments_editable_by(user).exclude(
        participations__campaign=campaign
    )
    regions = list(campaign.regions.all())
    if regions:
        local_governments = local_governments.filter(country__region__in=regions)
    return local_governments


# Campaigns


def campaign_list(request):
    visible = local_governments_visible_to(request.user)
    campaigns = (
        Campaign.objects.select_related("methodology", "office")
        .prefetch_related("regions")
        .annotate(
            participants=Count(
                "participations",
                filter=Q(
                    participations__withdrawn_on__isnull=True,
                    participations__local_government__in=visible,
                ),
            )
        )
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": campaigns, "can_add": can_add_campaign(request.user)},
    )


def campaign(request, campaign: str):
    campaign = _campaign(campaign)
    user = request.user
    participations = list(
        participations_visible_to(user)
        .filter(campaign=campaign)
        .select_related("campaign", "local_government__country__region")
        .order_by("local_government__name", "pk")
    )
    states = milestone_states(participations)
    reached = {pk: [state.is_achieved for state in row] for pk, row in states.items()}
    milestones, funnel = campaign_funnel(campaign, participations, reached)
    everyone = funnel[-1]

    regions = list(campaign.regions.all())
    filters = ParticipantFilterForm(
        request.GET or None,
        regions=campaign.regions.all() if regions else Region.objects.all(),
        milestones=milestones,
    )
    shown = participations
    if filters.is_valid():
        region = filters.cleaned_data["region"]
        reached = filters.cleaned_data["reached"]
        if region is not None:
            shown = [p for p in shown if p.local_government.country.region_id == region.pk]
        if reached is not None:
            shown = [
                p
                for p in shown
                if any(s.is_achieved and s.milestone.number == reached for s in states[p.pk])
            ]
    page = Paginator(shown, PARTICIPANTS_PAGE_SIZE).get_page(request.GET.get("page"))
    members = set(
        LocalGovernment.objects.with_membership_status("active")
        .filter(pk__in=[p.local_government_id for p in page])
        .values_list("pk", flat=True)
    )
    for participation in page:
        participation.states = states[participation.pk]
        participation.is_member = participation.local_government_id in members
    query = request.GET.copy()
    query.pop("page", None)

    chart = (
        charts.bar_chart(
            [str(milestone) for milestone in milestones],
            everyone.reached,
            title=_("Participants who reached each milestone"),
            description=_(
                "%(name)s: of %(count)s active participants, how many reached each milestone."
            )
            % {"name": campaign.name, "count": everyone.participants},
            unit=_("participants"),
            chart_id="funnel",
        )
        if milestones
        else ""
    )
    return render(
        request,
        "campaigns/campaign.html",
        {
            "campaign": campaign,
            "regions": regions,
            "milestones": milestones,
            "funnel": funnel,
            "funnel_rows": list(zip(milestones, everyone.reached, strict=True)),
            "chart": chart,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can_edit_campaign(user, campaign),
            "can_join": user.is_authenticated and _joinable(user, campaign).exists(),
        },
    )


@login_required
def campaign_new(request):
    if not can_add_campaign(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("The campaign %(name)s is added.") % {"name": campaign})
        return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, campaign: str):
    campaign = _campaign(campaign)
    if not can_edit_campaign(request.user, campaign):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The campaign %(name)s is saved.") % {"name": campaign})
        return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


# Methodologies


def methodology_list(request):
    return render(
        request,
        "campaigns/methodology_list.html",
        {
            "methodologies": Methodology.objects.prefetch_related(
                "milestones", Prefetch("campaigns", Campaign.objects.order_by("name"))
            ),
            "can_edit": can_edit_methodologies(request.user),
        },
    )


def methodology(request, code: str):
    methodology = get_object_or_404(Methodology, code=code)
    return render(
        request,
        "campaigns/methodology.html",
        {
            "methodology": methodology,
            "milestones": methodology.milestones.all(),
            "campaigns": methodology.campaigns.select_related("office").order_by("name"),
            "can_edit": can_edit_methodologies(request.user),
        },
    )


# Taking part


@login_required
def campaign_join(request, campaign: str):
    campaign = _campaign(campaign)
    user = request.user
    editable = local_governments_editable_by(user).select_related("country__region")
    if not editable.exists():
        raise PermissionDenied
    # One more than the form lists: past that, it asks for a code instead.
    choices = list(
        _joinable(user, campaign)
        .select_related("country")
        .order_by("name")[: JoinForm.MAX_CHOICES + 1]
    )
    member = request.GET.get("member")
    initial = {}
    if member:
        chosen = get_object_or_404(LocalGovernment.objects.select_related("country"), code=member)
        if not can_view_local_government(user, chosen):
            raise Http404
        if not can_join_campaign(user, chosen):
            raise PermissionDenied
        initial["local_government"] = chosen.code
        if chosen not in choices:
            # Offered anyway, so that the form says why it cannot join.
            choices.insert(0, chosen)
    form = JoinForm(
        request.POST or None,
        request.FILES or None,
        instance=Participation(campaign=campaign),
        local_governments=editable,
        choices=choices,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        participation = form.save()
        messages.success(
            request,
            _("%(name)s takes part in %(campaign)s.")
            % {"name": participation.local_government, "campaign": campaign},
        )
        return redirect(participation)
    return render(
        request,
        "campaigns/campaign_join.html",
        {"campaign": campaign, "form": form, "nothing_to_join": not (choices or form.is_bound)},
    )


def participation(request, campaign: str, code: str):
    participation = _visible_participation(request, campaign, code)
    user = request.user
    states = milestone_states([participation])[participation.pk]
    return render(
        request,
        "campaigns/participation.html",
        {
            "participation": participation,
            "campaign": participation.campaign,
            "lg": participation.local_government,
            "rows": [
                {
                    "state": state,
                    "evidence_visible": state.evidence is not None
                    and _may_see(user, state.evidence),
                }
                for state in states
            ],
            "missing": [state.milestone for state in states if not state.is_achieved],
            "can_edit": can_edit_participation(user, participation),
            "can_verify": can_verify_milestone(user, participation),
            "can_view_evidence": can_view_evidence(user, participation),
        },
    )


def _may_see(user, evidence) -> bool:
    if isinstance(evidence, Inventory):
        return can_view_inventory(user, evidence)
    return can_view_commitment(user, evidence)


@require_POST
@login_required
def participation_withdraw(request, campaign: str, code: str):
    participation = _editable_participation(request, campaign, code)
    if not participation.is_active:
        messages.error(
            request,
            _("%(name)s already withdrew on %(date)s.")
            % {"name": participation.local_government, "date": participation.withdrawn_on},
        )
        return redirect(participation)
    participation.withdrawn_on = timezone.localdate()
    try:
        participation.full_clean()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(participation)
    participation.save()
    messages.success(
        request,
        _("%(name)s withdrew from %(campaign)s.")
        % {"name": participation.local_government, "campaign": participation.campaign},
    )
    return redirect(participation)


# Milestones


def _milestone(participation: Participation, number: int) -> Milestone:
    return get_object_or_404(participation.campaign.methodology.milestones, number=number)


@login_required
def milestone_edit(request, campaign: str, code: str, number: int):
    participation = _visible_participation(request, campaign, code)
    milestone = _milestone(participation, number)
    if not can_edit_participation(request.user, participation):
        raise PermissionDenied
    record = MilestoneProgress.objects.filter(
        participation=participation, milestone=milestone
    ).first() or MilestoneProgress(
        participation=participation,
        milestone=milestone,
        local_government=participation.local_government,
    )
    initial = {}
    if request.GET.get("status") in MilestoneProgress.Status.values:
        initial["status"] = request.GET["status"]
    form = MilestoneProgressForm(
        request.POST or None,
        request.FILES or None,
        instance=record,
        user=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = milestone_record(record=form.instance, user=request.user)
        except ValidationError as error:
            # Refused before anything is saved: the uploaded file is not written.
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Milestone %(milestone)s is saved: %(status)s.")
                % {"milestone": milestone, "status": record.get_status_display()},
            )
            return redirect(participation)
    state = next(
        s for s in milestone_states([participation])[participation.pk] if s.milestone == milestone
    )
    return render(
        request,
        "campaigns/milestone_form.html",
        {
            "participation": participation,
            "campaign": participation.campaign,
            "lg": participation.local_government,
            "milestone": milestone,
            "state": state,
            "stored_file": Path(state.recorded.evidence_file.name).name
            if state.recorded and state.recorded.evidence_file
            else "",
            "form": form,
            "can_verify": can_verify_milestone(request.user, participation),
        },
    )


# Files: with the insiders only


def _file_response(request, participation: Participation, document):
    if not can_view_evidence(request.user, participation) or not document:
        raise Http404
    try:
        handle = document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=Path(document.name).name)


def resolution_download(request, campaign: str, code: str):
    participation = _visible_participation(request, campaign, code)
    return _file_response(request, participation, participation.resolution)


def evidence_download(request, campaign: str, code: str, number: int):
    participation = _visible_participation(request, campaign, code)
    milestone = _milestone(participation, number)
    record = get_object_or_404(MilestoneProgress, participation=participation, milestone=milestone)
    return _file_response(request, participation, record.evidence_file)
