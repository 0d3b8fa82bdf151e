"""Governance pages: the bodies (routed by `urls`, which governance/urls.py includes).

- The index: every body the person may read (everyone: the public ones),
  grouped as the plan groups them, each with its seats filled and vacant;
  for the secretariat, the mandates still held for members that left, to end.
- A body's page: its rules (who may sit, term, term limit, quorum), current
  holders, vacancies, past holders, its meetings and latest decisions (those
  the person may read).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from localaction.governance import permissions, services
from localaction.governance.models import Body, Decision, Mandate
from localaction.governance.views.common import readable_body
from localaction.network.models import Membership

LATEST_SHOWN = 10


def bodies(request):
    today = timezone.localdate()
    readable = permissions.bodies_readable_by(request.user, Body.objects.all())
    held = Mandate.objects.current(today).values("seat")
    existing = Q(seats__abolished_on__isnull=True) | Q(seats__abolished_on__gt=today)
    listed = list(
        readable.select_related("region")
        .annotate(
            seat_count=Count("seats", filter=existing, distinct=True),
            held_count=Count("seats", filter=existing & Q(seats__in=held), distinct=True),
        )
        .order_by("order", "name")
    )
    for listed_body in listed:
        listed_body.vacant_count = listed_body.seat_count - listed_body.held_count
    groups = [
        (
            kind.label,
            [body for body in listed if body.kind == kind.value],
        )
        for kind in Body.Kind
    ]
    to_end = []
    if permissions.can_define_bodies(request.user):
        to_end = services.mandates_of_members_that_left(today).select_related(
            "seat__body__region", "seat__region", "local_government"
        )
    return render(
        request,
        "governance/bodies.html",
        {
            "groups": [(label, items) for label, items in groups if items],
            "to_end": to_end,
            "full_members": Membership.objects.filter(
                status=Membership.Status.ACTIVE, type=Membership.Type.FULL
            ).count(),
        },
    )


def body(request, code: str):
    body = readable_body(request, code)
    today = timezone.localdate()
    mandates = Mandate.objects.filter(seat__body=body).select_related(
        "seat__region", "local_government__country"
    )
    current = list(mandates.current(today).order_by("seat__order", "seat__pk"))
    past = list(mandates.past(today).order_by("-starts_on", "seat__order"))
    upcoming = list(mandates.filter(starts_on__gt=today).order_by("starts_on", "seat__order"))
    meetings = permissions.records_readable_by(request.user, body.meetings.all())
    decisions = permissions.records_readable_by(
        request.user, Decision.objects.filter(body=body)
    ).select_related("meeting")
    return render(
        request,
        "governance/body.html",
        {
            "body": body,
            "current": current,
            "upcoming": upcoming,
            "past": past,
            "vacancies": services.vacancies(body, today),
            "meetings": meetings[:LATEST_SHOWN],
            "meeting_count": meetings.count(),
            "decisions": decisions[:LATEST_SHOWN],
            "decision_count": decisions.count(),
            "full_members": Membership.objects.filter(
                status=Membership.Status.ACTIVE, type=Membership.Type.FULL
            ).count()
            if body.composition == Body.Composition.ALL_FULL_MEMBERS
            else None,
            "may_keep": permissions.can_keep_body(request.user, body),
            "may_define": permissions.can_define_bodies(request.user),
            "may_read_all": permissions.can_read_all_of_body(request.user, body),
        },
    )


urls: list[URLPattern] = [
    path("governance/", bodies, name="bodies"),
    path("governance/bodies/<str:code>/", body, name="body"),
]
