"""Self-assessments: versioned questionnaires and members' assessments against them.

A questionnaire (the Local Agenda 21 self-assessment; the resilience scorecard
and the City Biodiversity Index build on the same engine) is loaded from a
JSON file in data/ (services.questionnaire_load) as a *version*: a changed
questionnaire is a new version, and answers keep the version they were given
against. Its texts are kept with their translations ({"en": …, "es": …}); a
missing language falls back to English.

A member's Assessment invites respondents — the local authority's people and
its stakeholders — each answering on their own, through a private link
(`token`) or as the platform user the assessment invited. The engine
(core/assessments.py) scores and combines their answers.

Writes go through services.py, which checks what a single record cannot
(the question's version, the respondent's invitation, the assessment's status).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from localaction.core import assessments as engine
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.network.models import LocalGovernment

__all__ = [
    "Assessment",
    "AssessmentAnswer",
    "AssessmentRespondent",
    "Questionnaire",
    "QuestionnaireQuestion",
    "QuestionnaireSection",
]


def translated(texts: dict | None, language: str | None = None) -> str:
    """A text in the active language (or `language`), in English where it has none."""
    if not texts:
        return ""
    language = (language or translation.get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en", "")


class Instrument(models.TextChoices):
    LA21 = "la21", _("Local Agenda 21 self-assessment")
    RESILIENCE = "resilience", _("Resilience scorecard")
    BIODIVERSITY = "biodiversity", _("City Biodiversity Index")


class Combination(models.TextChoices):
    MEAN = "mean", _("mean of all respondents")
    MEDIAN = "median", _("median of all respondents")
    AUTHORITY = "authority", _("the local authority's respondents only")


class QuestionnaireQuerySet(models.QuerySet):
    def latest_versions(self) -> QuestionnaireQuerySet:
        """The newest version of each questionnaire."""
        newer = Questionnaire.objects.filter(
            code=models.OuterRef("code"), version__gt=models.OuterRef("version")
        )
        return self.exclude(models.Exists(newer))


class Questionnaire(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    level = models.CharField(_("level"), max_length=40, blank=True)
    name_texts = models.JSONField(_("name"))
    source = models.TextField(_("source"), max_length=COMMENT_LENGTH)
    licence = models.TextField(_("licence"), max_length=COMMENT_LENGTH)
    combination = models.CharField(
        _("combination of respondents"), max_length=10, choices=Combination.choices
    )
    campaign_code = models.SlugField(
        _("campaign"),
        max_length=60,
        blank=True,
        help_text=_("The campaign whose milestones the instrument serves."),
    )
    # The file as loaded, kept whole: the version's exact content, for export.
    definition = models.JSONField(_("definition"), editable=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:questionnaire", args=[self.code, self.version])

    @property
    def name(self) -> str:
        return translated(self.name_texts)

    def structure(self) -> engine.Questionnaire:
        """The engine's questionnaire, read from the definition (cached)."""
        if not hasattr(self, "_structure"):
            self._structure = engine.read_questionnaire(self.definition)
        return self._structure


class QuestionnaireSection(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    weight = models.FloatField(_("weight"), default=1.0)
    title_texts = models.JSONField(_("title"))
    description_texts = models.JSONField(_("description"), default=dict, blank=True)

    class Meta:
        verbose_name = _("questionnaire section")
        verbose_name_plural = _("questionnaire sections")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="questionnaire_section_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return translated(self.title_texts)

    @property
    def description(self) -> str:
        return translated(self.description_texts)


class QuestionnaireQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("scale")
        CHOICE = "choice", _("choice")
        NUMBER = "number", _("number")
        TEXT = "text", _("text")

    # The questionnaire is kept beside the section so that an answer's
    # question can be checked against the assessment's version in one step.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        QuestionnaireSection, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    weight = models.FloatField(_("weight"), default=1.0)
    text_texts = models.JSONField(_("text"))
    help_texts = models.JSONField(_("help"), default=dict, blank=True)
    # {"min": 0, "max": 4, "labels": {"0": {"en": …}}} for a scale question.
    scale = models.JSONField(_("scale"), default=dict, blank=True)
    # [{"code": …, "label": {"en": …}, "score": …}] for a choice question.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    # [{"below": …, "score": …}, …, {"score": …}] for a number question.
    bands = models.JSONField(_("bands"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "section__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="questionnaire_question_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return translated(self.text_texts)

    @property
    def help(self) -> str:
        return translated(self.help_texts)

    def spec(self) -> engine.Question:
        """The engine's question."""
        return self.questionnaire.structure().questions[self.code]

    def choice_rows(self) -> list[tuple[str, float]]:
        """Each choice's label (translated) and score."""
        return [(translated(choice["label"]), choice["score"]) for choice in self.choices]

    def choice_options(self) -> list[tuple[str, str]]:
        return [(choice["code"], translated(choice["label"])) for choice in self.choices]

    def scale_options(self) -> list[tuple[int, str]]:
        labels = self.scale.get("labels", {})
        return [
            (value, translated(labels.get(str(value))))
            for value in range(self.scale["min"], self.scale["max"] + 1)
        ]


class AssessmentQuerySet(models.QuerySet):
    def published(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.PUBLISHED)

    def finished(self) -> AssessmentQuerySet:
        """Closed or published: the answers are final."""
        return self.filter(status__in=[Assessment.Status.CLOSED, Assessment.Status.PUBLISHED])


class Assessment(models.Model):
    """A member's self-assessment against one questionnaire version.

    Draft while respondents answer; closed when the member ends it (the
    answers are final and the result counts in benchmarks, unnamed);
    published when the member agrees its result may be named in benchmarks
    and shown to the public."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("open for answers")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("published")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("local government"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("questionnaire"),
    )
    title = models.CharField(_("title"), max_length=200)
    assessed_on = models.DateField(_("date of the assessment"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["local_government__name", "-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.local_government} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment", args=[self.local_government.code, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class AssessmentRespondent(models.Model):
    """A person or group invited to answer, on their own, for one assessment."""

    class Group(models.TextChoices):
        AUTHORITY = "authority", _("local authority")
        STAKEHOLDER = "stakeholder", _("stakeholder")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The stakeholder's organisation (required for stakeholders)."),
    )
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_invitations",
        verbose_name=_("platform user"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["assessment", "group", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_answer_url(self) -> str:
        return reverse("assessments:answer", args=[self.token])


class AssessmentAnswer(models.Model):
    """A respondent's answer to one question: a scale value or a number (kept in
    the question's unit, with the number and unit as given), a choice, or a text."""

    respondent = models.ForeignKey(
        AssessmentRespondent, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        QuestionnaireQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    number = models.FloatField(_("number"), null=True, blank=True)
    given_number = models.FloatField(_("number as given"), null=True, blank=True)
    given_unit = models.CharField(_("unit as given"), max_length=64, blank=True)
    choice = models.CharField(_("choice"), max_length=60, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=DESCRIPTION_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question"], name="assessment_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"

    @property
    def value(self) -> float | str:
        """The answer as the engine takes it."""
        if self.question.kind == QuestionnaireQuestion.Kind.CHOICE:
            return self.choice
        if self.question.kind == QuestionnaireQuestion.Kind.TEXT:
            return self.text
        return self.number if self.number is not None else ""
