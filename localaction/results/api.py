"""The indicators API (`/api/indicators/`): read only, under the same
permissions as the pages (results/permissions.py). Anyone reads the adopted
plan's public indicators; staff, the secretariat and the governing bodies'
members read every indicator. Values are entered and approved on the pages,
through the same services."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from localaction.api import PublicRead
from localaction.results import permissions
from localaction.results.models import Indicator, Period
from localaction.results.serializers import IndicatorSerializer
from localaction.strategy.models import StrategicPlan


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators of the strategic plans' goals, each with its baseline and
    target, its value and status today (green, amber, red or grey against the
    straight line from baseline to target), and its reporting periods with
    their approved values."""

    permission_classes = [PublicRead]
    serializer_class = IndicatorSerializer
    filter_backends = []

    def get_queryset(self):
        indicators = Indicator.objects.select_related(
            "goal__area", "region", "office", "activity__programme__office"
        ).prefetch_related(Prefetch("periods", Period.objects.prefetch_related("values")))
        if not permissions.can_read_results(self.request.user):
            indicators = indicators.public().filter(
                goal__area__plan__status=StrategicPlan.Status.ADOPTED
            )
        return indicators.order_by("goal__area__plan", "pk")


router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [*router.urls]
