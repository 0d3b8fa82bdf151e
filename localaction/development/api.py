"""The regional development API: read only, under the same permissions as the
pages (development/permissions.py). Prospects for their office's staff and
the secretariat only (others get an empty list, and a 404 for one, as if
they did not exist); the priority regions and their targets for everyone."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.routers import SimpleRouter

from localaction.api import PublicRead
from localaction.development import permissions
from localaction.development.models import PriorityRegion, Prospect
from localaction.development.serializers import PriorityRegionSerializer, ProspectSerializer


class StaffRead(BasePermission):
    """Office staff and the secretariat read; nobody writes."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS and permissions.works_on_development(request.user)


class ProspectViewSet(viewsets.ReadOnlyModelViewSet):
    """Prospects of the offices the person works for (every office's, for the
    secretariat): local governments not yet members, with their contacts,
    status, history of changes and next step (§2.1c)."""

    permission_classes = [StaffRead]
    filter_backends = []
    serializer_class = ProspectSerializer

    def get_queryset(self):
        prospects = Prospect.objects.select_related("office", "local_government").prefetch_related(
            "contacts", "changes__changed_by"
        )
        return permissions.prospects_readable_by(self.request.user, prospects).order_by("pk")


class PriorityRegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The priority regions the plan names (§2.1c), with their countries (ISO
    3166-1 codes) and membership targets (members by each year's end)."""

    permission_classes = [PublicRead]
    filter_backends = []
    serializer_class = PriorityRegionSerializer
    lookup_field = "code"

    def get_queryset(self):
        return PriorityRegion.objects.prefetch_related("countries", "targets").order_by(
            "order", "name"
        )


router = SimpleRouter()
router.register("prospects", ProspectViewSet, basename="prospect")
router.register("priority-regions", PriorityRegionViewSet, basename="priority-region")

urlpatterns = [*router.urls]
