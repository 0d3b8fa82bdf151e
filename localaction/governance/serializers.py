"""The governance API's shapes: bodies with their seats, holders and vacancies,
meetings with their quorum, decisions with their references, and the
Charter's and By-Laws' versions."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from localaction.governance import services
from localaction.governance.models import (
    AgendaItem,
    Body,
    Decision,
    DocumentVersion,
    GoverningDocument,
    Mandate,
    Meeting,
    Seat,
)


class BodySeatSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Seat
        fields = ["id", "title", "region", "order", "abolished_on"]
        read_only_fields = fields


class BodyMandateSerializer(serializers.ModelSerializer):
    seat = serializers.PrimaryKeyRelatedField(read_only=True)
    local_government = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("The member on whose behalf the seat is held (code); null for an ambassador."),
    )
    end = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("The day it ends: ended early, else as planned; null: no end set."),
    )

    class Meta:
        model = Mandate
        fields = [
            "id",
            "seat",
            "holder_name",
            "holder_title",
            "local_government",
            "starts_on",
            "ends_on",
            "ended_on",
            "end_reason",
            "end",
            "obtained",
        ]
        read_only_fields = fields


class BodySerializer(serializers.ModelSerializer):
    """A body, its rules, its seats and every mandate on them; `vacancies` are
    the seats nobody holds today."""

    name = serializers.CharField(source="display_name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    seats = serializers.SerializerMethodField()
    mandates = serializers.SerializerMethodField()
    vacancies = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "description",
            "composition",
            "eligibility",
            "term_years",
            "term_limit",
            "quorum_comparison",
            "quorum_percent",
            "is_public",
            "seats",
            "mandates",
            "vacancies",
        ]
        read_only_fields = fields

    @extend_schema_field(BodySeatSerializer(many=True))
    def get_seats(self, body: Body):
        return BodySeatSerializer(body.seats.all(), many=True).data

    @extend_schema_field(BodyMandateSerializer(many=True))
    def get_mandates(self, body: Body):
        mandates = Mandate.objects.filter(seat__body=body).select_related("local_government")
        return BodyMandateSerializer(mandates.order_by("-starts_on", "seat__order"), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_vacancies(self, body: Body) -> list[int]:
        return [seat.pk for seat in services.vacancies(body, timezone.localdate())]


class AgendaItemSerializer(serializers.ModelSerializer):
    documents = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "description", "is_public", "documents"]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_documents(self, item: AgendaItem) -> list[dict[str, str]]:
        request = self.context["request"]
        return [
            {
                "title": document.title,
                "url": request.build_absolute_uri(document.get_absolute_url()),
            }
            for document in item.documents.all()
        ]


class QuorumSerializer(serializers.Serializer):
    entitled = serializers.IntegerField(help_text=_("Entitled to sit on the day."))
    present = serializers.IntegerField(help_text=_("Recorded present among them."))
    needed = serializers.IntegerField(help_text=_("Needed under the body's rule."))
    reached = serializers.BooleanField()


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting, the agenda items the reader may read, and its quorum as the
    attendance recorded stands."""

    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agenda = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "body", "title", "held_on", "place", "is_public", "agenda", "quorum"]
        read_only_fields = fields

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting: Meeting):
        items = meeting.agenda_items.prefetch_related("documents")
        if not self.context["reads_all"](meeting.body):
            items = items.filter(is_public=True)
        return AgendaItemSerializer(items, many=True, context=self.context).data

    @extend_schema_field(QuorumSerializer)
    def get_quorum(self, meeting: Meeting):
        quorum = meeting.quorum()
        return QuorumSerializer(
            {
                "entitled": quorum.entitled,
                "present": quorum.present,
                "needed": quorum.needed,
                "reached": quorum.reached,
            }
        ).data


class DecisionSerializer(serializers.ModelSerializer):
    """A decision: its stable reference, motion, vote or consensus, outcome,
    and the quorum of its meeting when it was recorded (`without_quorum`: it
    was taken without one)."""

    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "reference",
            "body",
            "meeting",
            "decided_on",
            "title",
            "motion",
            "method",
            "majority",
            "votes_for",
            "votes_against",
            "abstentions",
            "outcome",
            "minutes",
            "is_public",
            "quorum_entitled",
            "quorum_present",
            "quorum_needed",
            "without_quorum",
        ]
        read_only_fields = fields


class DocumentVersionSerializer(serializers.ModelSerializer):
    decision = serializers.SlugRelatedField(
        slug_field="reference",
        read_only=True,
        allow_null=True,
        help_text=_("The reference of the decision that adopted the text."),
    )

    class Meta:
        model = DocumentVersion
        fields = ["id", "label", "in_force_from", "decision", "summary", "text"]
        read_only_fields = fields


class GoverningDocumentSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True)
    versions = DocumentVersionSerializer(many=True, read_only=True)

    class Meta:
        model = GoverningDocument
        fields = ["code", "title", "versions"]
        read_only_fields = fields
