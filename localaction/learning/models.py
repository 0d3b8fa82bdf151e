"""The International Training Centre (plan §4.2c–d): courses of modules and
lessons, aligned with the Movement's campaigns and instruments; quizzes graded
by core/learning.py; enrolments with progress per lesson; certificates that
anyone can verify by their code.

A course is a Wagtail snippet with drafts and revisions (DraftStateMixin,
RevisionMixin): the row holds the live version, and only a live course is
shown to anyone but the people who run it. Lesson content is Wagtail rich
text, cleaned by a whitelist on every save (localaction/richtext.py), so no script, event
handler or javascript: address ever reaches a page, whichever door it came in by.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from localaction import richtext
from localaction.campaigns.models import Campaign
from localaction.learning.video import validate_video
from localaction.network.models import LocalGovernment, Office
from localaction.sustainability.instruments import INSTRUMENTS, validate_instruments


class CourseQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class Course(DraftStateMixin, RevisionMixin, models.Model):
    class Pacing(models.TextChoices):
        SELF = "self", _("self-paced")
        COHORT = "cohort", _("cohort-based")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    description = RichTextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    campaigns = models.ManyToManyField(
        Campaign, blank=True, related_name="courses", verbose_name=_("campaigns taught")
    )
    instruments = models.JSONField(
        _("instruments taught"),
        default=list,
        blank=True,
        validators=[validate_instruments],
        help_text=_("Keys of the platform's instruments, e.g. ghg-inventory, ecobudget."),
    )
    pacing = models.CharField(
        _("pacing"), max_length=10, choices=Pacing.choices, default=Pacing.SELF
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="courses_trained",
        verbose_name=_("trainers"),
    )  # fmt: skip
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("office running it"),
    )
    hours = models.PositiveSmallIntegerField(_("hours of study"), default=2)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.description = richtext.clean(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("learning:course", args=[self.slug])

    def lessons(self):
        return Lesson.objects.filter(module__course=self).order_by("module__order", "order")

    def quizzes(self):
        return self.quiz_set.order_by(models.F("module__order").asc(nulls_last=True), "pk")

    def instrument_names(self) -> list:
        return [INSTRUMENTS[key] for key in self.instruments if key in INSTRUMENTS]


class Cohort(models.Model):
    """A run of a cohort-based course: its dates, enrolment window and places."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("course")
    )
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enrolment_opens = models.DateField(_("enrolment opens"))
    enrolment_closes = models.DateField(_("enrolment closes"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts_trained",
        verbose_name=_("trainer"),
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return f"{self.course} — {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A cohort ends on or after the day it starts.")
        if self.enrolment_opens and self.enrolment_closes:
            if self.enrolment_closes < self.enrolment_opens:
                errors["enrolment_closes"] = _("Enrolment closes on or after it opens.")
            elif self.ends_on and self.enrolment_closes > self.ends_on:
                errors["enrolment_closes"] = _("Enrolment closes before the cohort ends.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, day) -> bool:
        return self.enrolment_opens <= day <= self.enrolment_closes


class Module(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)

    class Meta:
        ordering = ["course", "order"]
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="learning_module_order")
        ]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Lesson(models.Model):
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("module")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    content = RichTextField(_("content"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)
    documents = models.ManyToManyField(
        "wagtaildocs.Document", blank=True, related_name="lessons", verbose_name=_("documents")
    )

    class Meta:
        ordering = ["module__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["module", "order"], name="learning_lesson_order")
        ]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.content = richtext.clean(self.content)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson", args=[self.module.course.slug, self.pk])

    @property
    def course(self) -> Course:
        return self.module.course


class LessonVideo(models.Model):
    """A video file of a lesson (MP4 or WebM, checked by its content and size),
    served by the platform to the course's learners and trainers only."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="videos", verbose_name=_("lesson")
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language spoken in the video (empty: the course's language)."),
    )
    file = models.FileField(_("file"), upload_to="learning/videos/", validators=[validate_video])
    content_type = models.CharField(_("content type"), max_length=20, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)

    class Meta:
        verbose_name = _("lesson video")
        verbose_name_plural = _("lesson videos")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # The content type is what the content is, never what the uploader said.
        self.content_type = validate_video(self.file)
        self.size = self.file.size
        super().save(*args, **kwargs)


class Quiz(models.Model):
    """A module's quiz, or the course's final one (no module)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, verbose_name=_("course"))
    module = models.ForeignKey(
        Module,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("module"),
        help_text=_("None for the course's final quiz."),
    )
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, validators=[MinValueValidator(1)]
    )
    due_on = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Last day to submit; if empty, a cohort's learners have until its end."),
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz", args=[self.course.slug, self.pk])

    def clean(self) -> None:
        if self.module_id and self.course_id and self.module.course_id != self.course_id:
            raise ValidationError({"module": _("The module belongs to another course.")})


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        NUMERIC = "numeric", _("numeric answer")

    class Rule(models.TextChoices):
        ALL = "all-or-nothing", _("all or nothing")
        PARTIAL = "partial", _("partial credit")

    class Tolerance(models.TextChoices):
        ABSOLUTE = "absolute", _("absolute")
        RELATIVE = "relative", _("relative (fraction of the expected value)")

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("question"), max_length=2000)
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1)]
    )
    rule = models.CharField(
        _("marking of multiple choice"), max_length=20, choices=Rule.choices, default=Rule.ALL
    )
    expected = models.FloatField(_("expected answer"), null=True, blank=True)
    tolerance = models.FloatField(_("tolerance"), default=0, validators=[MinValueValidator(0)])
    tolerance_kind = models.CharField(
        _("kind of tolerance"), max_length=10, choices=Tolerance.choices,
        default=Tolerance.ABSOLUTE,
    )  # fmt: skip
    unit = models.CharField(_("unit of the answer"), max_length=40, blank=True)
    feedback_right = models.TextField(_("feedback when right"), max_length=2000, blank=True)
    feedback_wrong = models.TextField(_("feedback when wrong"), max_length=2000, blank=True)

    class Meta:
        ordering = ["quiz", "order"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "order"], name="learning_question_order")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.kind == self.Kind.NUMERIC and self.expected is None:
            raise ValidationError({"expected": _("A numeric question needs its expected answer.")})


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("choice"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), max_length=2000, blank=True)

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class EnrolmentQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(completed_at__isnull=False)


class Enrolment(models.Model):
    """A person taking a course. `local_government` is the member they work for
    when they enrol (named by the office that enrols them, else their first role
    at a member): the region their training counts for in the network report."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("cohort"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("member they work for"),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="learning_one_enrolment")
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"

    def deadline(self, quiz: Quiz):
        """The last day this learner may submit `quiz` (None: no deadline)."""
        if quiz.due_on:
            return quiz.due_on
        return self.cohort.ends_on if self.cohort_id else None


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson")
    )
    reached_at = models.DateTimeField(_("reached at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="learning_one_progress")
        ]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.lesson}"


class Attempt(models.Model):
    """A submitted attempt at a quiz, with its answers: written once, whole, and
    never changed (save and delete refuse)."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("enrolment")
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    points = models.FloatField(_("points"))
    available = models.FloatField(_("points available"))
    percent = models.FloatField(_("score (%)"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        ordering = ["quiz", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "quiz", "number"], name="learning_attempt_number"
            )
        ]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.quiz} — {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A submitted attempt is never changed."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("learning:attempt", args=[self.quiz.course.slug, self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A submitted attempt is never deleted."))


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    choices = models.ManyToManyField(Choice, blank=True, related_name="+")
    number = models.FloatField(_("number"), null=True, blank=True)
    points = models.FloatField(_("points"))
    correct = models.BooleanField(_("correct"))

    class Meta:
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="learning_one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.attempt} — {self.question}"


def new_code() -> str:
    """A verification code: 128 random bits, in URL-safe letters (unguessable)."""
    return secrets.token_urlsafe(16)


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_code)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), max_length=1000, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="learning_revocation_has_reason",
            )
        ]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("learning:verify", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
