"""The elections API, under the same permissions as the pages
(elections/permissions.py) and through the same services.

- Elections: anyone reads the announced ones (with the candidate list once
  published); administrators also the prepared ones. A prepared election is
  a 404 to others.
- Phase: administrators move an election to its next phase.
- Nominations: a member's editors nominate on its behalf.
- Ballots: a member's voting representative casts its vote; the answer is
  the receipt code, given once.
- Turnout and electorate: the election's scrutineers and administrators (how
  many voted, who could vote — never who voted how).
- Results: everyone once published; scrutineers and administrators once
  counted; a 404 before.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from localaction.api import JSONParser, PublicRead
from localaction.elections import permissions, services
from localaction.elections.models import Election, Elector
from localaction.elections.serializers import (
    BallotSerializer,
    ElectionSerializer,
    ElectorSerializer,
    NominationSerializer,
    PhaseSerializer,
    ReceiptSerializer,
    TurnoutSerializer,
)
from localaction.network.models import LocalGovernment


class SignedIn(BasePermission):
    """Any signed-in person (the view and the services decide the rest)."""

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated


class SignedInRead(BasePermission):
    """Any signed-in person reads what the view lets them; no writes."""

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.method in SAFE_METHODS


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


def _readable(request, pk: int) -> Election:
    election = get_object_or_404(Election.objects.select_related("body"), pk=pk)
    if not permissions.can_read(request.user, election):
        raise Http404
    return election


def _member(code: str) -> LocalGovernment:
    member = LocalGovernment.objects.filter(code=code).first()
    if member is None:
        raise serializers.ValidationError(
            gettext("No local government has the code “%(code)s”.") % {"code": code}
        )
    return member


class ElectionList(generics.ListAPIView):
    """Announced elections (administrators: all), latest voting first."""

    permission_classes = [PublicRead]
    serializer_class = ElectionSerializer

    def get_queryset(self):
        elections = Election.objects.select_related("body").prefetch_related(
            "seats",
            "candidates__person",
            "candidates__local_government",
            "candidates__nominated_by",
        )
        if not permissions.administers(self.request.user):
            elections = elections.announced()
        return elections


class ElectionDetail(generics.RetrieveAPIView):
    """One election, with its candidate list once published."""

    permission_classes = [PublicRead]
    serializer_class = ElectionSerializer

    def get_object(self):
        return _readable(self.request, self.kwargs["pk"])


class PhaseView(APIView):
    """Move the election to its next phase (administrators)."""

    permission_classes = [SignedIn]
    parser_classes = [JSONParser]

    @extend_schema(request=PhaseSerializer, responses={200: ElectionSerializer})
    def post(self, request, pk: int):
        election = _readable(request, pk)
        given = PhaseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            election = services.move_election(
                election, to=given.validated_data["to"], by=request.user
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _refused(error) from error
        return Response(ElectionSerializer(election).data)


class NominationView(APIView):
    """Nominate a candidate on behalf of a member one edits."""

    permission_classes = [SignedIn]
    parser_classes = [JSONParser]

    @extend_schema(
        request=NominationSerializer,
        responses={201: OpenApiResponse(description="The candidate, nominated and told.")},
    )
    def post(self, request, pk: int):
        election = _readable(request, pk)
        given = NominationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        nominating = _member(data["nominated_by"])
        person = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(username=data["person"]) | Q(email__iexact=data["person"]))
            .first()
        )
        if person is None:
            raise serializers.ValidationError(
                {"person": [gettext("Nobody on the platform has this user name or e-mail.")]}
            )
        for_member = _member(data["local_government"]) if "local_government" in data else nominating
        try:
            candidate = services.nominate(
                election,
                nominated_by=nominating,
                person=person,
                local_government=for_member,
                by=request.user,
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _refused(error) from error
        return Response(
            {"id": candidate.pk, "name": candidate.name, "status": candidate.status},
            status=status.HTTP_201_CREATED,
        )


class BallotView(APIView):
    """Cast a member's vote (its voting representative); the answer is the
    receipt code, given once."""

    permission_classes = [SignedIn]
    parser_classes = [JSONParser]

    @extend_schema(request=BallotSerializer, responses={201: ReceiptSerializer})
    def post(self, request, pk: int):
        election = _readable(request, pk)
        given = BallotSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        members = services.represented_by(request.user).filter(
            pk__in=election.electors.values("local_government")
        )
        if "member" in data:
            members = members.filter(code=data["member"])
        if not members.exists():
            raise PermissionDenied(
                gettext("You cast the vote of no member of this election's electorate.")
            )
        if members.count() > 1:
            raise serializers.ValidationError(
                {"member": [gettext("You cast the vote of several members: name one.")]}
            )
        try:
            receipt = services.cast_ballot(
                election, local_government=members.get(), ranking=data["ranking"], by=request.user
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _refused(error) from error
        return Response({"receipt": receipt.code}, status=status.HTTP_201_CREATED)


class TurnoutView(APIView):
    """How many of the electorate have voted (scrutineers and administrators)."""

    permission_classes = [SignedInRead]

    @extend_schema(responses={200: TurnoutSerializer})
    def get(self, request, pk: int):
        election = _readable(request, pk)
        if not permissions.scrutinises(request.user, election):
            raise PermissionDenied
        turnout = services.turnout(election)
        return Response({"electorate": turnout.electorate, "voted": turnout.voted})


class ElectorateView(generics.ListAPIView):
    """The frozen electorate (scrutineers and administrators): who could vote."""

    permission_classes = [SignedInRead]
    serializer_class = ElectorSerializer
    queryset = Elector.objects.none()  # the schema's; each request's is its election's

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        election = _readable(self.request, self.kwargs["pk"])
        if not permissions.scrutinises(self.request.user, election):
            raise PermissionDenied
        return election.electors.select_related("local_government").order_by(
            "local_government__code"
        )


class ResultsView(APIView):
    """The count: turnout and quorum, the method's stages, ties and their seed,
    who was elected (candidate ids; names under `candidates`)."""

    permission_classes = [PublicRead]

    @extend_schema(responses={200: OpenApiResponse(description="The result as plain data.")})
    def get(self, request, pk: int):
        election = _readable(request, pk)
        if not permissions.can_read_results(request.user, election):
            raise Http404
        return Response({"election": election.pk, "phase": election.phase, **election.result})


urlpatterns = [
    path("elections/", ElectionList.as_view(), name="election-list"),
    path("elections/<int:pk>/", ElectionDetail.as_view(), name="election-detail"),
    path("elections/<int:pk>/phase/", PhaseView.as_view(), name="election-phase"),
    path("elections/<int:pk>/nominations/", NominationView.as_view(), name="election-nominations"),
    path("elections/<int:pk>/ballots/", BallotView.as_view(), name="election-ballots"),
    path("elections/<int:pk>/turnout/", TurnoutView.as_view(), name="election-turnout"),
    path("elections/<int:pk>/electorate/", ElectorateView.as_view(), name="election-electorate"),
    path("elections/<int:pk>/results/", ResultsView.as_view(), name="election-results"),
]
