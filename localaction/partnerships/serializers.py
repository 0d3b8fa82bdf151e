"""The partnerships API's shapes: an agreement with its partner, office,
status, the plan's conditions, dates and signatories."""

from __future__ import annotations

from rest_framework import serializers

from localaction.partnerships.models import Agreement, PartnerOrganisation, Signatory


class PartnerSerializer(serializers.ModelSerializer):
    country = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = PartnerOrganisation
        fields = ["id", "name", "kind", "country", "website", "description"]
        read_only_fields = fields


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["name", "title", "party"]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    partner = PartnerSerializer(read_only=True)
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "partner",
            "office",
            "aims",
            "objectives",
            "shares",
            "resources",
            "signed_on",
            "starts_on",
            "ends_on",
            "renewal_notice_days",
            "is_public",
            "signatories",
        ]
        read_only_fields = fields
