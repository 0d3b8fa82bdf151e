"""The training centre's API, under the pages' rules (learning/permissions.py):
the catalogue for everyone (live courses; drafts for those who run them); a
learner's own enrolments with their progress and certificate; the actions
enrol, mark a lesson done and submit a quiz attempt, through the same services
as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from localaction.api import Pagination, RefuseNulParameters
from localaction.learning import permissions, services
from localaction.learning.models import (
    Attempt,
    Cohort,
    Course,
    Enrolment,
    Lesson,
    Module,
    Quiz,
)


class ReadOrSignedIn(BasePermission):
    """Anyone reads the catalogue; enrolling needs a signed-in person."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


def _refusal(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


class LessonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["id", "order", "title", "minutes"]


class QuizSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Quiz
        fields = ["id", "title", "pass_mark", "attempts_allowed", "due_on"]


class ModuleSerializer(serializers.ModelSerializer):
    lessons = LessonSerializer(many=True, read_only=True)
    quizzes = QuizSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Module
        fields = ["order", "title", "summary", "lessons", "quizzes"]


class CohortSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cohort
        fields = [
            "id",
            "name",
            "starts_on",
            "ends_on",
            "enrolment_opens",
            "enrolment_closes",
            "capacity",
        ]


class CourseSerializer(serializers.ModelSerializer):
    campaigns = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    instruments = serializers.ListField(child=serializers.CharField(), read_only=True)
    modules = ModuleSerializer(many=True, read_only=True)
    cohorts = CohortSerializer(many=True, read_only=True)
    final_quizzes = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "slug",
            "title",
            "summary",
            "language",
            "pacing",
            "hours",
            "campaigns",
            "instruments",
            "live",
            "cohorts",
            "modules",
            "final_quizzes",
        ]

    @extend_schema_field(QuizSummarySerializer(many=True))
    def get_final_quizzes(self, course):
        return QuizSummarySerializer(course.quiz_set.filter(module__isnull=True), many=True).data


class EnrolInputSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(required=False, allow_null=True)


class CompletionSerializer(serializers.Serializer):
    lessons_done = serializers.IntegerField()
    lessons = serializers.IntegerField()
    quizzes_passed = serializers.IntegerField()
    quizzes = serializers.IntegerField()
    complete = serializers.BooleanField()
    percent = serializers.IntegerField()


class EnrolmentSerializer(serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cohort = serializers.PrimaryKeyRelatedField(read_only=True)
    lessons_done = serializers.SerializerMethodField()
    completion = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "course",
            "cohort",
            "enrolled_at",
            "completed_at",
            "lessons_done",
            "completion",
            "certificate",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_lessons_done(self, enrolment) -> list[int]:
        return list(
            enrolment.progress.filter(done_at__isnull=False).values_list("lesson_id", flat=True)
        )

    @extend_schema_field(CompletionSerializer)
    def get_completion(self, enrolment):
        completion = services.completion_of(enrolment)
        return CompletionSerializer(
            {
                **completion.__dict__,
                "complete": completion.complete,
                "percent": completion.percent,
            }
        ).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_certificate(self, enrolment) -> str | None:
        certificate = getattr(enrolment, "certificate", None)
        if certificate is None:
            return None
        return self.context["request"].build_absolute_uri(certificate.get_absolute_url())


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    choices = serializers.ListField(child=serializers.IntegerField(), required=False)
    number = serializers.CharField(required=False, max_length=40)


class AttemptInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True)


class MarkedAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    points = serializers.FloatField()
    correct = serializers.BooleanField()
    feedback = serializers.ListField(child=serializers.CharField())


class AttemptSerializer(serializers.ModelSerializer):
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Attempt
        fields = ["id", "quiz", "number", "submitted_at", "points", "available", "percent",
                  "passed", "answers"]  # fmt: skip

    @extend_schema_field(MarkedAnswerSerializer(many=True))
    def get_answers(self, attempt):
        rows = []
        for answer in attempt.answers.select_related("question").prefetch_related(
            "choices", "question__choices"
        ):
            question = answer.question
            if question.kind == question.Kind.NUMERIC:
                text = question.feedback_right if answer.correct else question.feedback_wrong
                feedback = [text] if text else []
            else:
                feedback = [c.feedback for c in answer.choices.all() if c.feedback]
            answer.feedback = feedback
            rows.append(answer)
        return MarkedAnswerSerializer(rows, many=True).data


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue: live courses with their cohorts, modules, lessons and quizzes
    (drafts too for those who run them). POST …/enrol/ enrols the person signed in."""

    serializer_class = CourseSerializer
    permission_classes = [ReadOrSignedIn]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    lookup_field = "slug"

    def get_queryset(self):
        return (
            permissions.visible_courses(self.request.user)
            .prefetch_related("campaigns", "cohorts", "modules__lessons", "modules__quizzes")
            .order_by("title")
        )

    @extend_schema(
        request=EnrolInputSerializer,
        responses={
            201: EnrolmentSerializer,
            400: OpenApiResponse(description="Not open, full, or enrolled already."),
            403: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No such course."),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def enrol(self, request, slug=None):
        course = self.get_object()
        data = EnrolInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = None
        if data.validated_data.get("cohort") is not None:
            cohort = Cohort.objects.filter(pk=data.validated_data["cohort"], course=course).first()
            if cohort is None:
                raise APIValidationError({"cohort": ["No such cohort of this course."]})
        try:
            enrolment = services.course_enrol(course=course, user=request.user, cohort=cohort)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(
            EnrolmentSerializer(enrolment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


_LESSON = OpenApiParameter("lesson", OpenApiTypes.INT, OpenApiParameter.PATH)
_QUIZ = OpenApiParameter("quiz", OpenApiTypes.INT, OpenApiParameter.PATH)


class EnrolmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in person's own enrolments with their progress and certificate;
    the actions mark a lesson done and submit a quiz attempt."""

    serializer_class = EnrolmentSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = Enrolment.objects.none()

    def get_queryset(self):
        return (
            Enrolment.objects.filter(user=self.request.user)
            .select_related("course", "certificate")
            .order_by("-enrolled_at", "pk")
        )

    def _enrolment(self) -> Enrolment:
        enrolment = self.get_object()
        if not enrolment.course.live:
            raise PermissionDenied("This course is not published.")
        return enrolment

    @extend_schema(
        request=None,
        parameters=[_LESSON],
        responses={200: EnrolmentSerializer, 404: OpenApiResponse(description="No such lesson.")},
    )
    @action(detail=True, methods=["post"], url_path=r"lessons/(?P<lesson>\d+)/done")
    def lesson_done(self, request, pk=None, lesson=None):
        enrolment = self._enrolment()
        item = get_object_or_404(Lesson, pk=lesson, module__course=enrolment.course)
        services.lesson_mark_done(enrolment=enrolment, lesson=item)
        enrolment.refresh_from_db()
        return Response(EnrolmentSerializer(enrolment, context={"request": request}).data)

    @extend_schema(
        request=AttemptInputSerializer,
        parameters=[_QUIZ],
        responses={
            201: AttemptSerializer,
            400: OpenApiResponse(
                description="An answer missing or not gradable, past the deadline, "
                "or beyond the attempts allowed; nothing is kept."
            ),
            404: OpenApiResponse(description="No such quiz."),
        },
    )
    @action(detail=True, methods=["post"], url_path=r"quizzes/(?P<quiz>\d+)/attempts")
    def attempt(self, request, pk=None, quiz=None):
        enrolment = self._enrolment()
        item = get_object_or_404(Quiz, pk=quiz, course=enrolment.course)
        data = AttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers: dict[int, list[int] | str | None] = {}
        for answer in data.validated_data["answers"]:
            answers[answer["question"]] = answer.get("number", answer.get("choices"))
        try:
            attempt = services.attempt_submit(enrolment=enrolment, quiz=item, answers=answers)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("learning/courses", CourseViewSet, basename="learning-course")
router.register("learning/enrolments", EnrolmentViewSet, basename="learning-enrolment")

urlpatterns = router.urls
