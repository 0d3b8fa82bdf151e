"""The work programme API's shapes: a version with its office, year, status
and approving decision, and its activities with the goals they serve. The
funding and the people are given to those who read the programme whole;
for a public summary they are null."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from localaction.programmes import permissions
from localaction.programmes.models import Activity, Allocation, WorkProgramme


class AllocationSerializer(serializers.ModelSerializer):
    line = serializers.CharField(source="line_label", read_only=True)
    amount = serializers.DecimalField(
        source="amount.amount", max_digits=14, decimal_places=2, read_only=True
    )
    currency = serializers.CharField(source="amount.currency.code", read_only=True)

    class Meta:
        model = Allocation
        fields = ["budget_line", "line", "amount", "currency"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    goals = serializers.SlugRelatedField(slug_field="reference", many=True, read_only=True)
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    funding = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "number",
            "title",
            "description",
            "goals",
            "office",
            "starts_on",
            "ends_on",
            "status",
            "campaign",
            "funding",
        ]
        read_only_fields = fields

    @extend_schema_field(AllocationSerializer(many=True, allow_null=True))
    def get_funding(self, activity) -> list[dict] | None:
        if not self.context["whole"]:
            return None
        return AllocationSerializer(activity.allocations.all(), many=True).data


class WorkProgrammeSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    approved_by = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    previous = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    activities = serializers.SerializerMethodField()

    class Meta:
        model = WorkProgramme
        fields = [
            "id",
            "office",
            "year",
            "version",
            "status",
            "summary",
            "is_public",
            "approved_by",
            "approved_at",
            "previous",
            "activities",
        ]
        read_only_fields = fields

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, programme) -> list[dict]:
        whole = permissions.can_read_programme(self.context["request"].user, programme)
        return ActivitySerializer(
            programme.ordered_activities(), many=True, context={"whole": whole}
        ).data
