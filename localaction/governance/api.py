"""The governance API: read only, under the same permissions as the pages
(governance/permissions.py). Bodies, meetings and decisions are written in
the admin and on the keepers' pages, through the same services.

- Governing bodies: the public ones for everyone; a non-public body for those
  who keep it or sit on it, and the secretariat.
- Meetings and decisions: the public ones of public bodies for everyone, and
  every one of the bodies a person keeps or sits on. A record someone may not
  read is a 404, as if it did not exist.
- The Charter and By-Laws with all their versions: for everyone.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from localaction.api import PublicRead, RefuseNulParameters
from localaction.governance import permissions
from localaction.governance.models import (
    Body,
    Decision,
    DocumentVersion,
    GoverningDocument,
    Meeting,
    Seat,
)
from localaction.governance.serializers import (
    BodySerializer,
    DecisionSerializer,
    GoverningDocumentSerializer,
    MeetingSerializer,
)
from localaction.network.filters import IntegerFilter


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Body.Kind.choices, label=_("Kind"))

    class Meta:
        model = Body
        fields = []


class MeetingFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(), to_field_name="code", label=_("Body (code)")
    )
    year = IntegerFilter(field_name="held_on__year", label=_("Year"))

    class Meta:
        model = Meeting
        fields = []


class DecisionFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(), to_field_name="code", label=_("Body (code)")
    )
    year = IntegerFilter(label=_("Year"))
    q = django_filters.CharFilter(
        method="search",
        max_length=200,
        label=_("Words in the reference, title, motion or minutes"),
    )
    outcome = django_filters.ChoiceFilter(choices=Decision.Outcome.choices, label=_("Outcome"))

    class Meta:
        model = Decision
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    """Governing bodies: who may sit, term, term limit, quorum rule, their seats,
    every mandate (current, past and to come) and today's vacancies."""

    serializer_class = BodySerializer
    permission_classes = [PublicRead]
    lookup_field = "code"
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = BodyFilter

    def get_queryset(self):
        bodies = Body.objects.select_related("region").prefetch_related(
            Prefetch("seats", queryset=Seat.objects.select_related("region", "body"))
        )
        return permissions.bodies_readable_by(self.request.user, bodies).order_by("order", "code")


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the bodies with the agenda items the reader may read and the
    quorum as the attendance recorded stands."""

    serializer_class = MeetingSerializer
    permission_classes = [PublicRead]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = MeetingFilter

    def get_queryset(self):
        meetings = Meeting.objects.select_related("body")
        return permissions.records_readable_by(self.request.user, meetings).order_by(
            "-held_on", "-pk"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        context["reads_all"] = lambda body: permissions.can_read_all_of_body(user, body)
        return context


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The decisions log: each decision by its stable reference (e.g.
    EXCOM-2027-014), searchable by words, body, year and outcome."""

    serializer_class = DecisionSerializer
    permission_classes = [PublicRead]
    lookup_field = "reference"
    lookup_value_regex = "[A-Z0-9-]+"
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = DecisionFilter

    def get_queryset(self):
        decisions = Decision.objects.select_related("body")
        return permissions.records_readable_by(self.request.user, decisions).order_by(
            "-decided_on", "-reference"
        )


class GoverningDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """The Charter and By-Laws with every version, newest first, each with the
    decision that adopted it."""

    serializer_class = GoverningDocumentSerializer
    permission_classes = [PublicRead]
    lookup_field = "code"
    filter_backends = []

    def get_queryset(self):
        return GoverningDocument.objects.prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("decision").order_by(
                    "-in_force_from"
                ),
            )
        )


router = SimpleRouter()
router.register("governing-bodies", BodyViewSet, basename="governing-body")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("governing-documents", GoverningDocumentViewSet, basename="governing-document")

urlpatterns = [*router.urls]
