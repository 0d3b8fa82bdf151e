"""The work programme API: read only, under the same permissions as the pages
(programmes/permissions.py). Every version for the office's staff and the
secretariat, the approved and superseded versions of public programmes for
everyone (summarised: no funding); programmes are written on their pages,
through the same services."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from localaction.api import PublicRead
from localaction.programmes import permissions
from localaction.programmes.models import WorkProgramme
from localaction.programmes.serializers import WorkProgrammeSerializer


class WorkProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Work programmes, newest year first, each version with its activities,
    the goals they serve (2.1c) and, for those who read it whole, the budget
    lines funding them."""

    permission_classes = [PublicRead]
    serializer_class = WorkProgrammeSerializer
    filter_backends = []

    def get_queryset(self):
        programmes = WorkProgramme.objects.select_related("office", "approved_by")
        return permissions.summaries_readable_by(self.request.user, programmes).order_by(
            "-year", "office__code", "-version"
        )


router = SimpleRouter()
router.register("work-programmes", WorkProgrammeViewSet, basename="work-programme")

urlpatterns = [*router.urls]
