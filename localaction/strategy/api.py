"""The strategic plan API: read only, under the same permissions as the pages
(strategy/permissions.py). Adopted and superseded plans for everyone, drafts
for the secretariat only (a 404 for others, as if they did not exist); plans
are written on the secretariat's pages, through the same services."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from localaction.api import PublicRead
from localaction.strategy import permissions
from localaction.strategy.models import StrategicPlan
from localaction.strategy.serializers import (
    StrategicPlanDetailSerializer,
    StrategicPlanSerializer,
)


class StrategicPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Strategic plans, newest first; each in detail with its parts, their
    areas (numbered 2.1, 3.1.2 …) with vision and approach, and their lettered
    goals (2.1c)."""

    permission_classes = [PublicRead]
    filter_backends = []

    def get_serializer_class(self):
        if self.action == "retrieve":
            return StrategicPlanDetailSerializer
        return StrategicPlanSerializer

    def get_queryset(self):
        plans = StrategicPlan.objects.select_related("adopted_by")
        return permissions.plans_readable_by(self.request.user, plans).order_by(
            "-first_year", "-pk"
        )


router = SimpleRouter()
router.register("plans", StrategicPlanViewSet, basename="plan")

urlpatterns = [*router.urls]
