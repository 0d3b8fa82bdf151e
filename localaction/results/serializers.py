"""The indicators API's shapes: an indicator with its goal, baseline, target,
its value and status today, and its periods with their approved value."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from localaction.programmes import permissions as programme_permissions
from localaction.results import services
from localaction.results.models import Indicator, Period, Value
from localaction.results.status import Status


class PeriodSerializer(serializers.ModelSerializer):
    is_closed = serializers.BooleanField(read_only=True)
    value = serializers.SerializerMethodField(help_text="The period's approved value, if any.")

    class Meta:
        model = Period
        fields = ["label", "starts_on", "ends_on", "is_closed", "value"]
        read_only_fields = fields

    def get_value(self, period) -> float | None:
        approved = [value for value in period.values.all() if value.status == Value.Status.APPROVED]
        return approved[0].value if approved else None


class TodaySerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    words = serializers.CharField(help_text="A computed value's query in words.")
    records_url = serializers.CharField(help_text="The records behind a computed value.")


class IndicatorSerializer(serializers.ModelSerializer):
    goal = serializers.CharField(source="goal.reference", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    activity = serializers.SerializerMethodField()
    today = serializers.SerializerMethodField()
    periods = PeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "goal",
            "name",
            "description",
            "unit",
            "source",
            "measure",
            "region",
            "office",
            "activity",
            "direction",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "is_public",
            "today",
            "periods",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_activity(self, indicator) -> int | None:
        """The work programme's activity it follows, for whom may read that programme."""
        activity, request = indicator.activity, self.context.get("request")
        if activity is None or request is None:
            return None
        readable = programme_permissions.can_read_summary(request.user, activity.programme)
        return activity.pk if readable else None

    @extend_schema_field(TodaySerializer)
    def get_today(self, indicator) -> dict:
        reading = services.reading_of(indicator)
        return {
            "value": reading.value,
            "status": reading.status,
            "words": reading.words,
            "records_url": reading.records_url,
        }
