"""Forms of self-assessments: starting one, inviting a respondent, answering a
section, importing answers. They parse; services.py checks and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.sustainability.assessments.models import (
    AssessmentRespondent,
    Questionnaire,
    QuestionnaireQuestion,
)


class AssessmentForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    assessed_on = forms.DateField(
        label=_("Date of the assessment"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.latest_versions()


class RespondentForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=AssessmentRespondent.Group.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("The person, or the group answering together."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Required for a stakeholder."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    username = forms.CharField(
        label=_("Platform user name"),
        max_length=150,
        required=False,
        help_text=_("To let a person with an account answer signed in, without the link."),
    )


class SectionForm(forms.Form):
    """The questions of one section, each optional: answers save as they come."""

    def __init__(self, *args, questions: list[QuestionnaireQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = question.text
            if question.kind == QuestionnaireQuestion.Kind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[
                        ("", _("No answer")),
                        *[
                            (str(value), f"{value} — {text}" if text else str(value))
                            for value, text in question.scale_options()
                        ],
                    ],
                    widget=forms.RadioSelect,
                    coerce=str,
                )
            elif question.kind == QuestionnaireQuestion.Kind.CHOICE:
                field = forms.ChoiceField(
                    choices=[("", _("No answer")), *question.choice_options()],
                    widget=forms.RadioSelect,
                )
            elif question.kind == QuestionnaireQuestion.Kind.NUMBER:
                field = forms.CharField(
                    max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"})
                )
                self.fields[f"{question.code}__unit"] = forms.CharField(
                    label=_("Unit of the answer to %(code)s") % {"code": question.code},
                    max_length=64,
                    required=False,
                    initial=question.unit,
                    help_text=_("Any unit of the same kind; it is converted to %(unit)s.")
                    % {"unit": question.unit},
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)
            field.label = label
            field.required = False
            field.help_text = question.help
            self.fields[question.code] = field

    def answers(self) -> tuple[dict[str, object], dict[str, str]]:
        data = self.cleaned_data
        answers = {q.code: data.get(q.code) or "" for q in self.questions}
        units = {
            q.code: data.get(f"{q.code}__unit") or ""
            for q in self.questions
            if q.kind == QuestionnaireQuestion.Kind.NUMBER
        }
        return answers, units

    def rows(self):
        """(question, field, unit field or None) for the template."""
        for question in self.questions:
            unit = (
                self[f"{question.code}__unit"] if f"{question.code}__unit" in self.fields else None
            )
            yield question, self[question.code], unit


class AnswersFileForm(forms.Form):
    respondent = forms.ModelChoiceField(
        label=_("Respondent"), queryset=AssessmentRespondent.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the columns question, answer and unit."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, respondents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = respondents
