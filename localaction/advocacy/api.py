"""The advocacy API: read only, under the same permissions as the pages
(advocacy/permissions.py). Processes and roles for everyone, with the public
engagements (and, for the staff of a role's office and the secretariat, the
role's others); advocacy is written on its pages, through the same
services."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from localaction.advocacy import permissions
from localaction.advocacy.models import Engagement, PolicyProcess, Role
from localaction.advocacy.serializers import PolicyProcessSerializer
from localaction.api import PublicRead


class PolicyProcessViewSet(viewsets.ReadOnlyModelViewSet):
    """Policy processes (UNFCCC COP/CMP, UN CSD, Habitat …), each with the
    association's roles in it and their engagements, each engagement with the
    figures it cites from a published network report."""

    permission_classes = [PublicRead]
    filter_backends = []
    serializer_class = PolicyProcessSerializer

    def get_queryset(self):
        engagements = permissions.engagements_readable_by(
            self.request.user, Engagement.objects.all()
        ).prefetch_related("figures__report", "delegations")
        roles = Role.objects.select_related("office").prefetch_related(
            Prefetch("engagements", queryset=engagements, to_attr="readable_engagements")
        )
        return PolicyProcess.objects.prefetch_related(
            Prefetch("roles", queryset=roles, to_attr="all_roles")
        ).order_by("short_name")


router = SimpleRouter()
router.register("policy-processes", PolicyProcessViewSet, basename="policy-process")

urlpatterns = [*router.urls]
