"""The assessments API (`/api/assessments/…`), under the same permissions as
the pages (assessments/permissions.py): questionnaires for everyone;
assessments and their results for the member's people, the offices covering
it and the secretariat, published results of published members for everyone;
a respondent's answers for that respondent only — through the private token
of the invitation, or signed in as the platform user the assessment invited."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from localaction.api import Pagination, RefuseNulParameters
from localaction.core import assessments as engine
from localaction.sustainability.assessments import benchmarks, services
from localaction.sustainability.assessments.models import (
    Assessment,
    AssessmentRespondent,
    Questionnaire,
)
from localaction.sustainability.assessments.permissions import (
    assessments_visible_to,
    can_see_workings,
)


class QuestionnaireSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "code",
            "version",
            "instrument",
            "level",
            "name",
            "source",
            "licence",
            "combination",
            "campaign_code",
            "definition",
        ]


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    """Every questionnaire version, with its whole definition (texts, scoring)."""

    serializer_class = QuestionnaireSerializer
    permission_classes: list = []
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = Questionnaire.objects.order_by("code", "version")


def _result_data(result: engine.Result) -> dict:
    return {
        "percent": result.percent,
        "points": result.points,
        "maximum": result.maximum,
        "answered": result.answered,
        "questions": result.questions,
        "sections": [
            {
                "code": s.code,
                "percent": s.percent,
                "points": s.points,
                "maximum": s.maximum,
                "answered": s.answered,
                "questions": s.questions,
                "weight": s.weight,
            }
            for s in result.sections
        ],
    }


class AssessmentSerializer(serializers.ModelSerializer):
    local_government = serializers.CharField(source="local_government.code", read_only=True)
    questionnaire = serializers.CharField(source="questionnaire.code", read_only=True)
    version = serializers.IntegerField(source="questionnaire.version", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "local_government",
            "questionnaire",
            "version",
            "title",
            "assessed_on",
            "status",
            "closed_at",
            "published_at",
        ]


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessments the person may see. The detail adds the result: combined
    by the questionnaire's rule and per respondent group; and, for those who see
    the member's workings, the respondents and their status."""

    serializer_class = AssessmentSerializer
    permission_classes: list = []
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        records = assessments_visible_to(self.request.user).select_related(
            "local_government", "questionnaire"
        )
        member = self.request.query_params.get("member")
        if member:
            records = records.filter(local_government__code=member)
        return records.order_by("local_government__code", "-assessed_on", "-pk")

    def retrieve(self, request, *args, **kwargs):
        assessment = self.get_object()
        data = self.get_serializer(assessment).data
        result = services.result_of(assessment)
        data["result"] = {
            "rule": result.rule,
            "respondents": result.respondents,
            "combined": _result_data(result.combined),
            "groups": {group: _result_data(r) for group, r in result.groups.items()},
        }
        if can_see_workings(request.user, assessment.local_government):
            data["respondents"] = [
                {
                    "id": r.pk,
                    "group": r.group,
                    "name": r.name,
                    "organisation": r.organisation,
                    "submitted_at": r.submitted_at,
                }
                for r in assessment.respondents.all()
            ]
        return Response(data)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20_000), allow_empty=False
    )
    units = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=64), required=False
    )
    submit = serializers.BooleanField(required=False, default=False)


def _answers_of(respondent: AssessmentRespondent) -> dict:
    answers = respondent.answers.select_related("question").order_by(
        "question__section__order", "question__order"
    )
    return {
        "assessment": respondent.assessment_id,
        "questionnaire": respondent.assessment.questionnaire.code,
        "version": respondent.assessment.questionnaire.version,
        "status": respondent.assessment.status,
        "submitted_at": respondent.submitted_at,
        "answers": {
            a.question.code: (
                {"value": a.given_number, "unit": a.given_unit}
                if a.question.kind == "number"
                else {"value": a.value}
            )
            for a in answers
        },
    }


_NOT_THE_RESPONDENT = {
    401: OpenApiResponse(description="Not signed in (an answer through a signed-in account)."),
    403: OpenApiResponse(description="Not a respondent the assessment invited."),
    404: OpenApiResponse(description="No such invitation or assessment."),
}


class _RespondentAnswers(APIView):
    """GET a respondent's own answers; POST {"answers": {code: value}, "units":
    {code: unit}, "submit": false} saves them, all or none (a blank clears)."""

    def respondent(self, request, **kwargs) -> AssessmentRespondent:
        raise NotImplementedError

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **_NOT_THE_RESPONDENT})
    def get(self, request, **kwargs):
        return Response(_answers_of(self.respondent(request, **kwargs)))

    @extend_schema(
        request=AnswersSerializer,
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(description="An answer refused; nothing saved."),
            **_NOT_THE_RESPONDENT,
        },
    )
    def post(self, request, **kwargs):
        respondent = self.respondent(request, **kwargs)
        serializer = AnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.answers_save(
                assessment=respondent.assessment,
                respondent=respondent,
                answers=dict(data["answers"]),
                units=dict(data.get("units") or {}),
            )
            if data["submit"]:
                services.respondent_submit(respondent=respondent)
        except DjangoValidationError as error:
            raise APIValidationError(serializers.as_serializer_error(error)) from None
        respondent.refresh_from_db()
        return Response(_answers_of(respondent))


class TokenAnswersView(_RespondentAnswers):
    """The answers of the invitation whose private token is in the address."""

    permission_classes: list = []

    def respondent(self, request, **kwargs) -> AssessmentRespondent:
        found = (
            AssessmentRespondent.objects.select_related("assessment__questionnaire")
            .filter(token=kwargs["token"])
            .first()
        )
        if found is None:
            raise NotFound("No invitation has this token.")
        return found


class MyAnswersView(_RespondentAnswers):
    """The signed-in person's answers to an assessment that invited them."""

    permission_classes = [IsAuthenticated]

    def respondent(self, request, **kwargs) -> AssessmentRespondent:
        assessment = get_object_or_404(Assessment, pk=kwargs["pk"])
        found = services.respondent_of(assessment, request.user)
        if found is None:
            raise PermissionDenied("Only the respondents the assessment invited answer it.")
        return found


def _benchmark_data(benchmark: engine.Benchmark | None) -> dict | None:
    if benchmark is None:
        return None
    return {
        "count": benchmark.count,
        "lower_quartile": benchmark.lower_quartile,
        "median": benchmark.median,
        "upper_quartile": benchmark.upper_quartile,
    }


class BenchmarksView(APIView):
    """The network's benchmarks of a questionnaire (public): the median and
    quartiles of members' total shares over the network, by region and size
    band, and by section; groups of fewer than MIN_GROUP members carry none.
    Only members that published their result are named."""

    permission_classes: list = []

    @extend_schema(
        responses={
            200: OpenApiTypes.OBJECT,
            404: OpenApiResponse(description="No questionnaire has this code."),
        }
    )
    def get(self, request, code: str):
        if not Questionnaire.objects.filter(code=code).exists():
            raise NotFound("No questionnaire has this code.")
        figures = benchmarks.network_benchmarks(code)

        def groups(items):
            return [
                {"key": g.key, "label": g.label, "members": g.count}
                | {"benchmark": _benchmark_data(g.benchmark)}
                for g in items
            ]

        return Response(
            {
                "questionnaire": code,
                "quartile_method": "inclusive (linear interpolation, Hyndman and Fan 7)",
                "min_group": benchmarks.MIN_GROUP,
                "network": groups([figures.overall])[0],
                "regions": groups(figures.regions),
                "size_bands": groups(figures.sizes),
                "sections": [
                    {"code": s.code, "benchmark": _benchmark_data(s.benchmark)}
                    for s in figures.sections
                ],
                "published": [
                    {
                        "member": e.assessment.local_government.code,
                        "name": e.assessment.local_government.name,
                        "assessment": e.assessment.pk,
                        "assessed_on": e.assessment.assessed_on,
                        "percent": e.result.percent,
                    }
                    for e in figures.published
                ],
            }
        )


router = SimpleRouter()
router.register("assessments/questionnaires", QuestionnaireViewSet, basename="questionnaire")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = [
    path(
        "assessments/benchmarks/<slug:code>/",
        BenchmarksView.as_view(),
        name="assessment-benchmarks",
    ),
    path(
        "assessments/answers/<str:token>/",
        TokenAnswersView.as_view(),
        name="assessment-answers-token",
    ),
    path("assessments/<int:pk>/my-answers/", MyAnswersView.as_view(), name="assessment-my-answers"),
    *router.urls,
]
