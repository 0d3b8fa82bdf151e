"""The pages of sustainable procurement: the criteria library (public, kept by
the secretariat), a member's procurement (commitments; for insiders its
tenders, green share by year and savings), the tender form with its
calculator preview, files in and out, the network's page (`/report/procurement/`),
and the professionals' directory and question boards."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction import charts
from localaction.forms import show_refusal
from localaction.network.models import Region
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.procurement import files, services
from localaction.sustainability.procurement import network as network_figures
from localaction.sustainability.procurement.forms import (
    AnswerForm,
    CommitmentForm,
    CriterionForm,
    ProfessionalForm,
    QuestionForm,
    TenderForm,
    TendersFileForm,
)
from localaction.sustainability.procurement.models import (
    ProcurementAnswer,
    ProcurementCommitment,
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementProfessional,
    ProcurementQuestion,
    ProcurementTender,
)
from localaction.sustainability.procurement.permissions import (
    can_edit_procurement,
    can_keep_library,
    can_moderate,
    can_see_tenders,
    professional_of,
)
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed

# --- The library --------------------------------------------------------------


def library(request):
    groups = ProcurementProductGroup.objects.annotate(
        core=Count("criteria", filter=Q(criteria__is_current=True, criteria__level="core")),
        comprehensive=Count(
            "criteria", filter=Q(criteria__is_current=True, criteria__level="comprehensive")
        ),
    )
    return render(request, "sustainability/procurement/library.html", {"groups": groups})


def library_group(request, group: str):
    group = get_object_or_404(ProcurementProductGroup, code=group)
    criteria = group.criteria.current().order_by("level", "code")
    return render(
        request,
        "sustainability/procurement/library_group.html",
        {
            "group": group,
            "core": [c for c in criteria if c.level == "core"],
            "comprehensive": [c for c in criteria if c.level == "comprehensive"],
            "can_edit": can_keep_library(request.user),
            "formula": services.FORMULAS.get(group.calculator, ""),
        },
    )


@login_required
def criterion_edit(request, group: str, code: str):
    """The secretariat revises a criterion (a new version once a tender applied it)."""
    if not can_keep_library(request.user):
        raise PermissionDenied
    criterion = get_object_or_404(
        ProcurementCriterion, group__code=group, code=code, is_current=True
    )
    initial = {
        name: getattr(criterion, name)
        for name in ("level", "kind", "text", "verification", "reference")
    }
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_revise(criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect(criterion.group)
    return render(
        request,
        "sustainability/procurement/criterion_form.html",
        {"criterion": criterion, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- A member's procurement ---------------------------------------------------------


def _editable(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_procurement(request.user, local_government):
        raise PermissionDenied
    return local_government


def _share_chart(shares: list[services.CombinedShare]) -> str | None:
    shown = [share for share in shares if share.percent is not None]
    if not shown:
        return None
    return charts.bar_chart(
        [str(share.year) for share in shown],
        [share.percent for share in shown],
        title=_("Green share of procurement spend by year"),
        description="; ".join(f"{share.year}: {share.percent:.1f} %" for share in shown),
        unit="%",
        chart_id="procurement-green-share",
        horizontal=False,
    )


def member(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    insider = can_see_tenders(request.user, local_government)
    context = {
        "lg": local_government,
        "commitments": ProcurementCommitment.objects.filter(local_government=local_government),
        "insider": insider,
        "can_edit": can_edit_procurement(request.user, local_government),
        "groups": ProcurementProductGroup.objects.all(),
    }
    if insider:
        tenders = ProcurementTender.objects.filter(local_government=local_government)
        shares = services.combined_shares(local_government)
        context |= {
            "tenders": tenders.select_related("group"),
            "shares": shares,
            "by_currency": services.green_shares(local_government),
            "chart": _share_chart(shares),
            "co2_saving_kg": tenders.awarded().aggregate(co2=Sum("co2_saving_kg"))["co2"],
            "cost_savings": tenders.awarded()
            .filter(cost_saving__isnull=False)
            .values("currency")
            .annotate(cost=Sum("cost_saving"))
            .order_by("currency"),
        }
    return render(request, "sustainability/procurement/member.html", context)


def tender(request, code: str, pk: int):
    local_government = visible_local_government_or_404(request.user, code)
    if not can_see_tenders(request.user, local_government):
        raise Http404
    record = get_object_or_404(
        ProcurementTender.objects.select_related("group"),
        local_government=local_government,
        pk=pk,
    )
    return render(
        request,
        "sustainability/procurement/tender.html",
        {
            "lg": local_government,
            "tender": record,
            "criteria": record.criteria.order_by("level", "code"),
            "formula": services.FORMULAS.get(record.group.calculator, ""),
            "figures": [
                (figure.label, dict(figure.choices).get(value, value), figure.unit)
                for figure in services.FIGURES.get(record.group.calculator, ())
                if (value := record.figures.get(figure.name)) is not None
            ],
            "can_edit": can_edit_procurement(request.user, local_government),
        },
    )


def _tender_form(request, local_government, group, record=None):
    initial = {}
    if record is not None:
        initial = {
            name: getattr(record, name)
            for name in (
                "title",
                "reference",
                "value",
                "currency",
                "status",
                "awarded_on",
                "supplier",
                "offered_value",
                "criteria_applied",
                "note",
            )
        }
        initial["criteria"] = list(record.criteria.all())
        initial |= {f"figure_{name}": value for name, value in record.figures.items()}
    form = TenderForm(request.POST or None, initial=initial, group=group, tender=record)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        figures = form.figures()
        data = {key: value for key, value in data.items() if not key.startswith("figure_")}
        data["criteria"] = list(data["criteria"])
        try:
            if "preview" in request.POST:
                cleaned = services.clean_figures(group.calculator, figures)
                year = (data["awarded_on"] or timezone.localdate()).year
                saving, grid_label = services.estimate(
                    group.calculator, cleaned, local_government, year
                )
                preview = {"saving": saving, "grid": grid_label}
            else:
                saved = services.tender_save(
                    local_government=local_government,
                    group=group,
                    figures=figures,
                    tender=record,
                    **data,
                )
                return redirect(saved)
        except ValidationError as error:
            show_refusal(form, error)
    failed = request.method == "POST" and preview is None
    return render(
        request,
        "sustainability/procurement/tender_form.html",
        {
            "lg": local_government,
            "group": group,
            "form": form,
            "tender": record,
            "preview": preview,
            "formula": services.FORMULAS.get(group.calculator, ""),
        },
        status=400 if failed else 200,
    )


@login_required
def tender_new(request, code: str, group: str):
    local_government = _editable(request, code)
    group = get_object_or_404(ProcurementProductGroup, code=group)
    return _tender_form(request, local_government, group)


@login_required
def tender_edit(request, code: str, pk: int):
    local_government = _editable(request, code)
    record = get_object_or_404(ProcurementTender, local_government=local_government, pk=pk)
    return _tender_form(request, local_government, record.group, record)


@login_required
@require_POST
def tender_delete(request, code: str, pk: int):
    local_government = _editable(request, code)
    get_object_or_404(ProcurementTender, local_government=local_government, pk=pk).delete()
    return redirect("procurement:member", local_government.code)


@login_required
def commitment_new(request, code: str):
    local_government = _editable(request, code)
    form = CommitmentForm(
        request.POST or None,
        instance=ProcurementCommitment(local_government=local_government),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("procurement:member", local_government.code)
    return render(
        request,
        "sustainability/procurement/entry_form.html",
        {"lg": local_government, "form": form, "title": _("Record a council commitment")},
        status=400 if request.method == "POST" else 200,
    )


def tenders_download(request, code: str, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    if not can_see_tenders(request.user, local_government):
        raise PermissionDenied
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{local_government.code}-tenders-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    files.export_tenders(local_government, format=file_format, target=response)
    return response


@login_required
def tenders_import(request, code: str):
    """Import tenders from a file: every row or none, each problem on its row."""
    local_government = _editable(request, code)
    form = TendersFileForm(request.POST or None, request.FILES or None)
    problems: list = []
    imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = files.import_tenders(local_government, upload.read(), filename=upload.name)
        except ImportFailed as failed:
            problems = failed.errors
    return render(
        request,
        "sustainability/procurement/tenders_import.html",
        {"lg": local_government, "form": form, "problems": problems, "imported": imported},
        status=400 if request.method == "POST" and imported is None else 200,
    )


# --- The network ------------------------------------------------------------------


def network(request):
    years = network_figures.report_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        raise Http404 from None
    if years and year not in years:
        raise Http404
    return render(
        request,
        "sustainability/procurement/network.html",
        {"figures": network_figures.network_procurement(year), "years": years, "year": year},
    )


# --- Professionals and question boards -------------------------------------------------


@login_required
def professionals(request):
    people = ProcurementProfessional.objects.select_related("user", "region").prefetch_related(
        "groups"
    )
    region = request.GET.get("region") or ""
    group = request.GET.get("group") or ""
    if region:
        people = people.filter(region__code=region)
    if group:
        people = people.filter(groups__code=group)
    return render(
        request,
        "sustainability/procurement/professionals.html",
        {
            "people": people.distinct(),
            "regions": Region.objects.all(),
            "groups": ProcurementProductGroup.objects.all(),
            "region": region,
            "group": group,
            "me": professional_of(request.user),
        },
    )


@login_required
def professional_join(request):
    """Opt in to the directory (or change what one shows)."""
    me = professional_of(request.user)
    initial = {}
    if me is not None:
        initial = {
            "region": me.region,
            "groups": list(me.groups.all()),
            "organisation": me.organisation,
            "about": me.about,
            "show_email": me.show_email,
        }
    form = ProfessionalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.professional_join(user=request.user, **form.cleaned_data)
        return redirect("procurement:professionals")
    return render(
        request,
        "sustainability/procurement/entry_form.html",
        {"form": form, "title": _("Join the procurement professionals' network")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def professional_leave(request):
    ProcurementProfessional.objects.filter(user=request.user).delete()
    return redirect("procurement:professionals")


def _visible_questions(user):
    questions = ProcurementQuestion.objects.select_related("author__user")
    return questions if can_moderate(user) else questions.filter(is_hidden=False)


@login_required
def board(request, group: str):
    group = get_object_or_404(ProcurementProductGroup, code=group)
    me = professional_of(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if me is None:
            raise PermissionDenied
        if form.is_valid():
            question = ProcurementQuestion.objects.create(
                group=group, author=me, **form.cleaned_data
            )
            return redirect(question)
    questions = (
        _visible_questions(request.user)
        .filter(group=group)
        .annotate(answer_count=Count("answers", filter=Q(answers__is_hidden=False)))
    )
    return render(
        request,
        "sustainability/procurement/board.html",
        {"group": group, "questions": questions, "form": form, "me": me},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def question(request, group: str, pk: int):
    record = get_object_or_404(_visible_questions(request.user), group__code=group, pk=pk)
    me = professional_of(request.user)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if me is None:
            raise PermissionDenied
        if form.is_valid():
            ProcurementAnswer.objects.create(question=record, author=me, **form.cleaned_data)
            return redirect(record)
    answers = record.answers.select_related("author__user")
    if not can_moderate(request.user):
        answers = answers.filter(is_hidden=False)
    return render(
        request,
        "sustainability/procurement/question.html",
        {
            "question": record,
            "answers": answers,
            "form": form,
            "me": me,
            "can_moderate": can_moderate(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def moderate(request, kind: str, pk: int):
    """The secretariat hides (or shows again) a question or an answer."""
    if not can_moderate(request.user):
        raise PermissionDenied
    model = {"question": ProcurementQuestion, "answer": ProcurementAnswer}.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    record.is_hidden = request.POST.get("hide") == "1"
    record.save(update_fields=["is_hidden"])
    return redirect(record if kind == "question" else record.question)
