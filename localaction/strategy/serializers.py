"""The strategic plan API's shapes: a plan with its period, status and the
decision that adopted it; in detail, its parts, their areas and goals."""

from __future__ import annotations

from rest_framework import serializers

from localaction.strategy.models import Area, Goal, Part, StrategicPlan


class GoalSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Goal
        fields = ["reference", "letter", "title", "text"]
        read_only_fields = fields


class AreaSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Area
        fields = ["number", "title", "vision", "approach", "goals"]
        read_only_fields = fields


class PartSerializer(serializers.ModelSerializer):
    areas = serializers.SerializerMethodField()

    class Meta:
        model = Part
        fields = ["number", "title", "areas"]
        read_only_fields = fields

    def get_areas(self, part) -> list[dict]:
        areas = self.context["areas_of"](part)
        return AreaSerializer(areas, many=True, context=self.context).data


class StrategicPlanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title", read_only=True)
    adopted_by = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    previous = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = StrategicPlan
        fields = [
            "id",
            "title",
            "first_year",
            "last_year",
            "status",
            "adopted_by",
            "adopted_at",
            "adoption_note",
            "previous",
        ]
        read_only_fields = fields


class StrategicPlanDetailSerializer(StrategicPlanSerializer):
    parts = serializers.SerializerMethodField()

    class Meta(StrategicPlanSerializer.Meta):
        fields = [*StrategicPlanSerializer.Meta.fields, "parts"]
        read_only_fields = fields

    def get_parts(self, plan) -> list[dict]:
        areas = plan.ordered_areas()
        context = {
            **self.context,
            "areas_of": lambda part: [a for a in areas if a.part_id == part.pk],
        }
        return PartSerializer(plan.parts.all(), many=True, context=context).data
