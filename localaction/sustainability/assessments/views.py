"""The web evaluation facility: a member's assessments, an assessment's page
(respondents, invitations, closing and publishing, the result by section as a
radar chart, by respondent group, the progress since the member's previous
assessment, and its place among the network's benchmarks), the answer form,
files of answers, a questionnaire's page and the network's benchmarks
(`/report/assessments/<code>/`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from localaction.core import assessments as engine
from localaction.forms import show_refusal
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.assessments import benchmarks, files, services
from localaction.sustainability.assessments.forms import (
    AnswersFileForm,
    AssessmentForm,
    RespondentForm,
    SectionForm,
)
from localaction.sustainability.assessments.models import (
    Assessment,
    AssessmentRespondent,
    Questionnaire,
)
from localaction.sustainability.assessments.permissions import (
    assessments_visible_to,
    can_manage,
    can_see_workings,
    can_view_assessment,
)
from localaction.sustainability.assessments.radar import Polygon, radar_chart
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed

RULES = {
    "mean": gettext_lazy(
        "Each question's score is the mean of the scores the respondents gave it."
    ),
    "median": gettext_lazy(
        "Each question's score is the median of the scores the respondents gave it."
    ),
    "authority": gettext_lazy(
        "Each question's score is the mean of the scores the local authority's respondents "
        "gave it; stakeholders' answers are shown by group but not counted."
    ),
}
SCORING_RULE = gettext_lazy(
    "A section's score is the weighted mean of its answered questions' scores: its points "
    "are the weighted sum of the scores, out of the weighted sum of their maxima, and its "
    "share is points ÷ maximum (0–100 %). Unanswered questions count neither way. The total "
    "share is the mean of the sections' shares weighted by the sections' weights."
)


def _member(request, code: str):
    return visible_local_government_or_404(request.user, code)


def _visible_assessment(request, code: str, pk: int) -> Assessment:
    local_government = _member(request, code)
    assessment = get_object_or_404(
        Assessment.objects.select_related("questionnaire", "local_government__country__region"),
        local_government=local_government,
        pk=pk,
    )
    if not can_view_assessment(request.user, assessment):
        raise Http404
    return assessment


def _managed_assessment(request, code: str, pk: int) -> Assessment:
    assessment = _visible_assessment(request, code, pk)
    if not can_manage(request.user, assessment.local_government):
        raise PermissionDenied
    return assessment


def member(request, code: str):
    """The member's assessments the person may see; editors start new ones."""
    local_government = _member(request, code)
    manage = can_manage(request.user, local_government)
    form = None
    if manage:
        form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                assessment = services.assessment_create(
                    local_government=local_government,
                    questionnaire=data["questionnaire"],
                    title=data["title"],
                    assessed_on=data["assessed_on"],
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return redirect(assessment)
    elif request.method == "POST":
        raise PermissionDenied
    assessments = (
        assessments_visible_to(request.user)
        .filter(local_government=local_government)
        .select_related("questionnaire")
        .order_by("-assessed_on", "-pk")
    )
    results = services.combined_results(list(assessments))
    return render(
        request,
        "sustainability/assessments/member.html",
        {
            "lg": local_government,
            "rows": [(a, results[a.pk]) for a in assessments],
            "form": form,
            "can_manage": manage,
        },
        status=400 if request.method == "POST" else 200,
    )


def _section_rows(
    questionnaire: Questionnaire, result: engine.Result, previous=None, position=None
):
    rows = []
    before = {s.code: s.percent for s in previous.sections} if previous else {}
    for section in questionnaire.sections.all():
        try:
            score = result.section(section.code)
        except KeyError:
            continue
        rows.append(
            {
                "code": section.code,
                "title": section.title,
                "score": score,
                "previous": before.get(section.code),
                "delta": (
                    score.percent - before[section.code]
                    if score.percent is not None and before.get(section.code) is not None
                    else None
                ),
                "benchmark": position.get(section.code) if position else None,
            }
        )
    return rows


def assessment(request, code: str, pk: int):
    """The assessment's result and, for insiders, its respondents and answers."""
    assessment = _visible_assessment(request, code, pk)
    insider = can_see_workings(request.user, assessment.local_government)
    result = services.result_of(assessment)
    previous = services.previous_of(assessment)
    previous_result = services.result_of(previous) if previous else None
    network = benchmarks.network_benchmarks(assessment.questionnaire.code)
    section_benchmarks = {s.code: s.benchmark for s in network.sections}
    rows = _section_rows(
        assessment.questionnaire,
        result.combined,
        previous_result and previous_result.combined,
        section_benchmarks,
    )
    chart = None
    if len(rows) >= 3 and result.combined.percent is not None:
        polygons = [Polygon(assessment.title, [row["score"].percent for row in rows])]
        if previous_result is not None:
            polygons.append(Polygon(previous.title, [row["previous"] for row in rows]))
        if any(section_benchmarks.get(row["code"]) for row in rows):
            polygons.append(
                Polygon(
                    _("Network median"),
                    [
                        section_benchmarks[row["code"]].median
                        if section_benchmarks.get(row["code"])
                        else None
                        for row in rows
                    ],
                )
            )
        chart = radar_chart(
            [row["title"] for row in rows],
            polygons,
            title=_("Scores by section of %(title)s") % {"title": assessment.title},
            description=_(
                "Each section's share of its maximum score, from 0 to 100 percent; "
                "the table below gives the figures."
            ),
            chart_id=f"assessment-{assessment.pk}",
        )
    lg = assessment.local_government
    total = result.combined.percent
    place = {}
    if total is not None:
        for label, group in (
            (_("the network"), network.overall),
            (lg.country.region.name, network.region_of(lg.country.region_id)),
            (
                str(benchmarks.SIZE_BAND_LABELS.get(engine.size_band(lg.population) or "", "")),
                network.size_of(engine.size_band(lg.population)),
            ),
        ):
            if group is not None and group.benchmark is not None:
                place[label] = (group, group.benchmark.quartile_of(total))
    context = {
        "lg": lg,
        "assessment": assessment,
        "result": result,
        "rows": rows,
        "groups": [
            (
                AssessmentRespondent.Group(group).label,
                _section_rows(assessment.questionnaire, group_result),
                group_result,
            )
            for group, group_result in result.groups.items()
        ],
        "rule": RULES[result.rule],
        "scoring_rule": SCORING_RULE,
        "previous": previous,
        "previous_result": previous_result,
        "chart": chart,
        "place": place,
        "insider": insider,
        "can_manage": can_manage(request.user, lg),
        "respondent": services.respondent_of(assessment, request.user),
        "min_group": benchmarks.MIN_GROUP,
    }
    if insider:
        context["respondents"] = assessment.respondents.all()
        if context["can_manage"] and assessment.is_open:
            context["invite_form"] = RespondentForm()
    return render(request, "sustainability/assessments/assessment.html", context)


@login_required
def invite(request, code: str, pk: int):
    assessment = _managed_assessment(request, code, pk)
    form = RespondentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = None
        if data["username"]:
            user = (
                get_user_model().objects.filter(username=data["username"], is_active=True).first()
            )
            if user is None:
                form.add_error("username", _("No active platform user has this name."))
        if form.is_valid():
            try:
                services.respondent_invite(
                    assessment=assessment,
                    group=data["group"],
                    name=data["name"],
                    organisation=data["organisation"],
                    email=data["email"],
                    user=user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return redirect(assessment)
    return render(
        request,
        "sustainability/assessments/invite.html",
        {"lg": assessment.local_government, "assessment": assessment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _status_change(change):
    @login_required
    @require_POST
    def view(request, code: str, pk: int):
        assessment = _managed_assessment(request, code, pk)
        try:
            change(assessment=assessment)
        except ValidationError as error:
            return render(
                request,
                "sustainability/assessments/refused.html",
                {
                    "lg": assessment.local_government,
                    "assessment": assessment,
                    "errors": error.messages,
                },
                status=400,
            )
        return redirect(assessment)

    return view


close = _status_change(services.assessment_close)
publish = _status_change(services.assessment_publish)
withdraw = _status_change(services.assessment_withdraw)


def _answer_page(request, respondent: AssessmentRespondent, *, base_url: str):
    assessment = respondent.assessment
    questionnaire = assessment.questionnaire
    sections = list(questionnaire.sections.all())
    code = request.GET.get("section") or sections[0].code
    section = next((s for s in sections if s.code == code), None)
    if section is None:
        raise Http404
    questions = list(section.questions.select_related("questionnaire").order_by("order"))
    saved = {a.question_id: a for a in respondent.answers.filter(question__section=section)}
    initial = {}
    for question in questions:
        answer = saved.get(question.pk)
        if answer is None:
            continue
        if question.kind == "number":
            initial[question.code] = f"{answer.given_number:g}"
            initial[f"{question.code}__unit"] = answer.given_unit
        elif question.kind == "scale":
            initial[question.code] = str(int(answer.number))
        else:
            initial[question.code] = answer.value
    form = SectionForm(
        request.POST if request.method == "POST" else None, initial=initial, questions=questions
    )
    status = 200
    if request.method == "POST":
        if not assessment.is_open:
            form.add_error(None, _("The assessment is closed: answers can no longer change."))
            status = 400
        elif form.is_valid():
            answers, units = form.answers()
            try:
                services.answers_save(
                    assessment=assessment, respondent=respondent, answers=answers, units=units
                )
                if "submit" in request.POST:
                    services.respondent_submit(respondent=respondent)
            except ValidationError as error:
                show_refusal(form, error)
                status = 400
            else:
                index = sections.index(section)
                if "next" in request.POST and index + 1 < len(sections):
                    return redirect(f"{base_url}?section={sections[index + 1].code}")
                return redirect(f"{base_url}?section={section.code}&saved=1")
        else:
            status = 400
    answered = set(respondent.answers.values_list("question__section__code", flat=True))
    return render(
        request,
        "sustainability/assessments/answer.html",
        {
            "assessment": assessment,
            "respondent": respondent,
            "sections": sections,
            "section": section,
            "answered_sections": answered,
            "form": form,
            "base_url": base_url,
            "saved": request.GET.get("saved") == "1",
            "is_last": section == sections[-1],
        },
        status=status,
    )


def answer(request, token: str):
    """The private answer page of an invitation: the link is the key."""
    respondent = get_object_or_404(
        AssessmentRespondent.objects.select_related("assessment__questionnaire"), token=token
    )
    response = _answer_page(
        request, respondent, base_url=reverse("assessments:answer", args=[token])
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def answer_signed_in(request, code: str, pk: int):
    """The answer page of a platform user the assessment invited."""
    assessment = get_object_or_404(Assessment, pk=pk, local_government__code=code)
    respondent = services.respondent_of(assessment, request.user)
    if respondent is None:
        raise PermissionDenied
    return _answer_page(
        request, respondent, base_url=reverse("assessments:answer-signed-in", args=[code, pk])
    )


def answers_download(request, code: str, pk: int, file_format: str):
    """Every answer of the assessment, for those who see the member's workings."""
    if file_format not in FORMATS:
        raise Http404
    assessment = _visible_assessment(request, code, pk)
    if not can_see_workings(request.user, assessment.local_government):
        raise PermissionDenied
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = (
        f"{assessment.local_government.code}-assessment-{assessment.pk}-answers.{file_format}"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    files.export_answers(assessment, format=file_format, target=response)
    return response


@login_required
def answers_import(request, code: str, pk: int):
    """Import one respondent's answers from a file: every row or none."""
    assessment = _managed_assessment(request, code, pk)
    respondents = assessment.respondents.all()
    form = AnswersFileForm(request.POST or None, request.FILES or None, respondents=respondents)
    problems: list = []
    imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = files.import_answers(
                assessment, form.cleaned_data["respondent"], upload.read(), filename=upload.name
            )
        except ImportFailed as failed:
            problems = failed.errors
    return render(
        request,
        "sustainability/assessments/import.html",
        {
            "lg": assessment.local_government,
            "assessment": assessment,
            "form": form if imported is None else AnswersFileForm(respondents=respondents),
            "problems": problems,
            "imported": imported,
        },
        status=400 if request.method == "POST" and imported is None else 200,
    )


def questionnaire(request, code: str, version: int):
    """A questionnaire version, with every question and how it is scored."""
    questionnaire = get_object_or_404(Questionnaire, code=code, version=version)
    return render(
        request,
        "sustainability/assessments/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "sections": questionnaire.sections.prefetch_related("questions"),
            "scoring_rule": SCORING_RULE,
            "rule": RULES[questionnaire.combination],
            "versions": Questionnaire.objects.filter(code=code).order_by("-version"),
        },
    )


def network(request, code: str):
    """The network's benchmarks of a questionnaire, naming only members that
    published their result."""
    questionnaire = Questionnaire.objects.filter(code=code).order_by("-version").first()
    if questionnaire is None:
        raise Http404
    figures = benchmarks.network_benchmarks(code)
    return render(
        request,
        "sustainability/assessments/network.html",
        {
            "questionnaire": questionnaire,
            "figures": figures,
            "min_group": benchmarks.MIN_GROUP,
            "questionnaires": Questionnaire.objects.latest_versions(),
        },
    )


def network_index(request):
    """The questionnaires with their network benchmarks."""
    questionnaires = list(Questionnaire.objects.latest_versions().order_by("instrument", "code"))
    return render(
        request,
        "sustainability/assessments/network_index.html",
        {"questionnaires": questionnaires},
    )
