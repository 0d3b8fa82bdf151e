"""The events' API, read-only for everyone under the pages' rules
(events/permissions.py): published and cancelled events (drafts for those who
organise them), each with its programme — sessions in the event's time zone
(ISO 8601 with the offset), their speakers, track, room and translations."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from localaction.api import Pagination, RefuseNulParameters
from localaction.events import permissions
from localaction.events.models import (
    Event,
    Room,
    Session,
    SessionTranslation,
    Speaker,
    Track,
)


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "description"]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "online_url"]


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "organisation", "biography"]


class TranslationSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionTranslation
        fields = ["language", "title", "description"]


class SessionSerializer(serializers.ModelSerializer):
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    track = serializers.PrimaryKeyRelatedField(read_only=True)
    room = serializers.PrimaryKeyRelatedField(read_only=True)
    speakers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    translations = TranslationSerializer(many=True, read_only=True)
    meeting = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "language",
            "starts_at",
            "ends_at",
            "track",
            "room",
            "online_url",
            "speakers",
            "translations",
            "meeting",
        ]

    def _local(self, moment):
        return timezone.localtime(moment, self.context["zone"]).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, session) -> str:
        return self._local(session.starts_at)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, session) -> str:
        return self._local(session.ends_at)

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, session) -> str | None:
        if session.meeting_id is None:
            return None
        return self.context["request"].build_absolute_uri(session.meeting.get_absolute_url())


class EventSerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    url = serializers.SerializerMethodField()
    calendar = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "summary",
            "organiser",
            "region",
            "language",
            "starts_on",
            "ends_on",
            "time_zone",
            "format",
            "venue",
            "city",
            "country",
            "online_url",
            "capacity",
            "registration_opens_on",
            "registration_closes_on",
            "status",
            "cancellation_reason",
            "url",
            "calendar",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(event.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar(self, event) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("events:calendar", kwargs={"slug": event.slug})
        )


class ProgrammeSerializer(serializers.Serializer):
    time_zone = serializers.CharField()
    tracks = TrackSerializer(many=True)
    rooms = RoomSerializer(many=True)
    speakers = SpeakerSerializer(many=True)
    sessions = SessionSerializer(many=True)


_KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=Event.Kind.values)
# Not `format`: DRF reads that parameter as the response's format (?format=json).
_FORMAT = OpenApiParameter("held", OpenApiTypes.STR, enum=Event.Format.values)
_REGION = OpenApiParameter("region", OpenApiTypes.STR, description="A region's code.")
_WHEN = OpenApiParameter("when", OpenApiTypes.STR, enum=["upcoming", "past"])


@extend_schema(parameters=[_KIND, _FORMAT, _REGION, _WHEN])
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events anyone may see (published, and cancelled ones marked so; drafts
    for their organisers), filtered by kind, format, region and upcoming or
    past; …/programme/ gives an event's programme."""

    serializer_class = EventSerializer
    permission_classes = [AllowAny]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    lookup_field = "slug"

    def get_queryset(self):
        events = permissions.visible_events(self.request.user).select_related(
            "organiser", "region", "country"
        )
        params = self.request.query_params
        if params.get("kind") in Event.Kind.values:
            events = events.filter(kind=params["kind"])
        if params.get("held") in Event.Format.values:
            events = events.filter(format=params["held"])
        if params.get("region"):
            events = events.filter(region__code=params["region"])
        today = timezone.localdate()
        if params.get("when") == "upcoming":
            events = events.filter(ends_on__gte=today)
        elif params.get("when") == "past":
            events = events.filter(ends_on__lt=today)
        return events.order_by("starts_on", "slug")

    @extend_schema(parameters=[], responses={200: ProgrammeSerializer})
    @action(detail=True, methods=["get"])
    def programme(self, request, slug=None):
        event = self.get_object()
        sessions = event.sessions.select_related("meeting").prefetch_related(
            "speakers", "translations"
        )
        context = {"request": request, "zone": event.zone}
        return Response(
            {
                "time_zone": event.time_zone,
                "tracks": TrackSerializer(event.tracks.all(), many=True).data,
                "rooms": RoomSerializer(event.rooms.all(), many=True).data,
                "speakers": SpeakerSerializer(event.speakers.all(), many=True).data,
                "sessions": SessionSerializer(sessions, many=True, context=context).data,
            }
        )
