"""The regional development API's shapes: a prospect with its office, local
government, status, next step, contacts and history; a priority region with
its countries and membership targets."""

from __future__ import annotations

from rest_framework import serializers

from localaction.development.models import (
    MembershipTarget,
    PriorityRegion,
    Prospect,
    ProspectChange,
    ProspectContact,
)


class ProspectContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProspectContact
        fields = ["name", "role", "email", "phone"]
        read_only_fields = fields


class ProspectChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ProspectChange
        fields = ["status", "changed_on", "changed_by", "note"]
        read_only_fields = fields


class ProspectSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    local_government = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contacts = ProspectContactSerializer(many=True, read_only=True)
    changes = ProspectChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Prospect
        fields = [
            "id",
            "office",
            "local_government",
            "status",
            "identified_on",
            "next_step",
            "next_step_on",
            "note",
            "contacts",
            "changes",
        ]
        read_only_fields = fields


class MembershipTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipTarget
        fields = ["year", "members"]
        read_only_fields = fields


class PriorityRegionSerializer(serializers.ModelSerializer):
    countries = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    targets = MembershipTargetSerializer(many=True, read_only=True)

    class Meta:
        model = PriorityRegion
        fields = ["code", "name", "source", "countries", "targets"]
        read_only_fields = fields
