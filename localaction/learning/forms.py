"""The training centre's forms: enrolment (a cohort when the course has them),
an office enrolling a member's staff, a quiz built from its questions,
a certificate's revocation, and a lesson's video."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localaction.learning.models import Cohort, Course, Question, Quiz
from localaction.learning.video import max_bytes


class EnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        if course.pacing == Course.Pacing.COHORT:
            today = timezone.localdate()
            self.fields["cohort"].queryset = course.cohorts.filter(
                enrolment_opens__lte=today, enrolment_closes__gte=today
            )
            self.fields["cohort"].required = True
        else:
            del self.fields["cohort"]


class StaffEnrolForm(EnrolForm):
    """An office enrols a member's staff: a person with a role at a member it covers."""

    person = forms.ChoiceField(label=_("Person (member)"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = {str(role.pk): role for role in roles}
        self.fields["person"].choices = [
            (key, f"{role.user.get_full_name() or role.user.username} ({role.local_government})")
            for key, role in self.roles.items()
        ]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


def answer_field(question: Question) -> str:
    return f"question-{question.pk}"


class QuizForm(forms.Form):
    """One field per question: radio buttons, check boxes, or a number typed as text
    (so that the grader, not the browser, says what is wrong with it)."""

    def __init__(self, *args, quiz: Quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(quiz.questions.prefetch_related("choices"))
        for position, question in enumerate(self.questions, start=1):
            label = f"{position}. {question.text}"
            choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
            if question.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            else:
                field = forms.CharField(
                    label=label,
                    max_length=40,
                    required=False,
                    help_text=question.unit and _("in %(unit)s") % {"unit": question.unit},
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
            self.fields[answer_field(question)] = field

    def answers(self) -> dict[int, list[int] | str | None]:
        """The raw answers by question id, for services.attempt_submit."""
        answers: dict[int, list[int] | str | None] = {}
        for question in self.questions:
            value = self.cleaned_data.get(answer_field(question))
            if question.kind == Question.Kind.NUMERIC:
                answers[question.pk] = value or None
            elif question.kind == Question.Kind.SINGLE:
                answers[question.pk] = [int(value)] if value else None
            else:
                answers[question.pk] = [int(v) for v in value] if value else None
        return answers


class VideoForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language spoken"), choices=settings.LANGUAGES)
    file = forms.FileField(
        label=_("Video file"),
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm,.mp4,.m4v,.webm"}),
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = course.language
        self.fields["file"].help_text = _(
            "MP4 or WebM, at most %(limit)s; the file is checked by its content."
        ) % {"limit": filesizeformat(max_bytes())}
