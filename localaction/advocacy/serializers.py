"""The advocacy API's shapes: a policy process with the association's roles
in it, each with the engagements the reader reads and the figures they cite
(each with its report and the link to the publication)."""

from __future__ import annotations

from rest_framework import serializers

from localaction.advocacy.models import CitedFigure, Engagement, PolicyProcess, Role


class CitedFigureSerializer(serializers.ModelSerializer):
    report_year = serializers.IntegerField(source="report.year", read_only=True)
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = CitedFigure
        fields = ["key", "label", "value", "report", "report_year", "report_url"]
        read_only_fields = fields

    def get_report_url(self, figure) -> str:
        url = figure.report.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class EngagementSerializer(serializers.ModelSerializer):
    figures = CitedFigureSerializer(many=True, read_only=True)
    delegations = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    delegates = serializers.ListField(
        source="delegate_names", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "kind",
            "title",
            "held_on",
            "place",
            "summary",
            "outcome",
            "public",
            "delegations",
            "delegates",
            "figures",
        ]
        read_only_fields = fields


class RoleSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    engagements = EngagementSerializer(source="readable_engagements", many=True, read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "kind",
            "since",
            "until",
            "office",
            "description",
            "review_every",
            "engagements",
        ]
        read_only_fields = fields


class PolicyProcessSerializer(serializers.ModelSerializer):
    roles = RoleSerializer(source="all_roles", many=True, read_only=True)

    class Meta:
        model = PolicyProcess
        fields = ["id", "name", "short_name", "convened_by", "description", "website", "roles"]
        read_only_fields = fields
