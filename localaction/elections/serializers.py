"""How the elections API writes and reads its records (elections/api.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from localaction.elections.models import Candidate, Election


class ElectionSeatSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class CandidateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    local_government = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominated_by = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "name", "local_government", "nominated_by", "status", "statement"]
        read_only_fields = fields


class ElectionSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    seats = ElectionSeatSerializer(many=True, read_only=True)
    candidates = serializers.SerializerMethodField()
    counting_method = serializers.ChoiceField(
        source="method", choices=Election.Method.choices, read_only=True
    )

    class Meta:
        model = Election
        fields = [
            "id",
            "title",
            "body",
            "seats",
            "counting_method",
            "quorum_percent",
            "phase",
            "nominations_open_on",
            "nominations_close_on",
            "voting_opens_at",
            "voting_closes_at",
            "candidates",
        ]
        read_only_fields = fields

    def get_candidates(self, election: Election) -> list[dict]:
        """Standing and withdrawn candidates once the list is published."""
        if not election.candidates_public:
            return []
        standing = [c for c in election.candidates.all() if c.status in ("accepted", "withdrawn")]
        return CandidateSerializer(standing, many=True).data


class NominationSerializer(serializers.Serializer):
    nominated_by = serializers.CharField(
        max_length=40, help_text=_("Code of the nominating member (one you edit).")
    )
    person = serializers.CharField(
        max_length=254, help_text=_("The candidate's user name or e-mail address.")
    )
    local_government = serializers.CharField(
        max_length=40,
        required=False,
        help_text=_("Code of the member the candidate would sit for; default: the nominating one."),
    )


class BallotSerializer(serializers.Serializer):
    member = serializers.CharField(
        max_length=40,
        required=False,
        help_text=_(
            "Code of the member whose vote this is; needed only for someone who casts several."
        ),
    )
    ranking = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=500,
        help_text=_(
            "Candidate ids: those chosen (plurality), or in order of preference, first first "
            "(ranked)."
        ),
    )


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(
        read_only=True,
        help_text=_("Shown once: find the ballot with it among the counted ones."),
    )


class TurnoutSerializer(serializers.Serializer):
    electorate = serializers.IntegerField(read_only=True)
    voted = serializers.IntegerField(read_only=True)


class PhaseSerializer(serializers.Serializer):
    # Every phase an election moves to (none moves back to preparation).
    to = serializers.ChoiceField(choices=Election.Phase.choices[1:])


class ElectorSerializer(serializers.Serializer):
    code = serializers.CharField(source="local_government.code", read_only=True)
    name = serializers.CharField(source="local_government.name", read_only=True)
    category = serializers.CharField(read_only=True)
