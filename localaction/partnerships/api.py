"""The partnerships API: read only, under the same permissions as the pages
(partnerships/permissions.py). Active public agreements for everyone; the
others for staff of their office and the secretariat (a 404 for others, as if
they did not exist)."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from localaction.api import PublicRead
from localaction.partnerships import permissions
from localaction.partnerships.models import Agreement
from localaction.partnerships.serializers import AgreementSerializer


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Partnership agreements (MoU, contract, letter of intent) with their
    partner organisation, the plan's conditions and their signatories."""

    permission_classes = [PublicRead]
    filter_backends = []
    serializer_class = AgreementSerializer

    def get_queryset(self):
        agreements = Agreement.objects.select_related("partner", "office").prefetch_related(
            "signatories"
        )
        return permissions.agreements_readable_by(self.request.user, agreements).order_by(
            "-starts_on", "-pk"
        )


router = SimpleRouter()
router.register("partnerships", AgreementViewSet, basename="partnership")

urlpatterns = [*router.urls]
