"""The demo's advocacy (§2.5): the processes the plan names — the UN
Commission on Sustainable Development (the association as Organising Partner
of the Local Government Major Group), the UNFCCC's COP/CMP (as Observer) and
the World Urban Forum — with engagements, member delegations, a statement
citing the demo's published network report, and a review of the Observer
role that recommends continuing it (`localaction demo`). Everything goes
through the same services as the pages; the texts are demo texts."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from localaction.advocacy import services
from localaction.advocacy.models import Engagement, Role, RoleReview
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Membership, Office
from localaction.reports.models import NetworkReport

# The report's figures a statement cites, the first the snapshot holds.
CITED = ("total_tco2e", "members_reporting")


def build_demo_advocacy(today: datetime.date | None = None) -> tuple[int, int]:
    """(roles, engagements) built; none without the secretariat."""
    today = today or timezone.localdate()
    secretariat = User.objects.filter(username="secretariat").first()
    world = Office.objects.filter(kind=Office.Kind.WORLD).first()
    if secretariat is None or world is None:
        return 0, 0
    csd = services.add_process(
        by=secretariat,
        name="UN Commission on Sustainable Development",
        short_name="CSD",
        convened_by="United Nations Economic and Social Council",
    )
    unfccc = services.add_process(
        by=secretariat,
        name="Conference of the Parties to the UNFCCC and Meeting of the Parties "
        "to the Kyoto Protocol",
        short_name="COP/CMP",
        convened_by="UNFCCC secretariat",
    )
    habitat = services.add_process(
        by=secretariat, name="World Urban Forum", short_name="WUF", convened_by="UN-Habitat"
    )
    partner = services.add_role(
        csd,
        by=secretariat,
        kind=Role.Kind.ORGANISING_PARTNER,
        since=datetime.date(2005, 5, 1),
        until=datetime.date(2007, 5, 11),
        office=world,
        description="Organising Partner of the Local Government Major Group.",
    )
    observer = services.add_role(
        unfccc,
        by=secretariat,
        kind=Role.Kind.OBSERVER,
        since=datetime.date(1995, 3, 28),
        office=world,
        description="Organises local governments' involvement and advocacy.",
    )
    forum = services.add_role(
        habitat, by=secretariat, kind=Role.Kind.OTHER, since=today.replace(year=today.year - 4),
        office=world, description="Networking events and a local government assembly.",
    )  # fmt: skip
    delegation = list(
        LocalGovernment.objects.filter(
            is_published=True, memberships__status=Membership.Status.ACTIVE
        )
        .exclude(population=None)
        .order_by("-population", "code")
        .distinct()[:4]
    )
    engagements = [
        services.add_engagement(
            partner,
            by=secretariat,
            kind=Engagement.Kind.STATEMENT,
            title="Local governments' statement to the 15th session",
            held_on=datetime.date(2007, 5, 2),
            place="New York",
            public=True,
            outcome="Energy efficiency of cities named in the session's report.",
        ),
        services.add_engagement(
            forum,
            by=secretariat,
            kind=Engagement.Kind.EVENT,
            title="Local government assembly",
            held_on=today.replace(year=today.year - 2, month=6, day=20),
            delegations=delegation[:2],
            public=True,
        ),
    ]
    statement = services.add_engagement(
        observer,
        by=secretariat,
        kind=Engagement.Kind.STATEMENT,
        title="Local and subnational governments' statement to the high-level segment",
        held_on=today - datetime.timedelta(days=20),
        place="Conference of the Parties",
        delegations=delegation,
        delegates="Mayors of the member delegations\nSecretary General (demo)",
        summary="What the members' inventories show, in the network report's figures.",
        public=True,
    )
    engagements.append(statement)
    report = NetworkReport.objects.order_by("-generated_at").first()
    if report is not None:
        held = dict(services.report_figures(report))
        for key in CITED:
            if key in held:
                services.cite_figure(statement, report, key, by=secretariat)
    services.review_role(
        observer,
        by=secretariat,
        reviewed_on=today - datetime.timedelta(days=90),
        benefits="Members' action is heard in the negotiations; partners meet there.",
        costs="Delegation travel and two staff months a year.",
        recommendation=RoleReview.Recommendation.CONTINUE,
    )
    return 3, len(engagements)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    roles, engagements = build_demo_advocacy()
    return f"{roles} advocacy roles with {engagements} engagements" if roles else ""
