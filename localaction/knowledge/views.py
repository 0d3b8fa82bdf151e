"""The knowledge pages: the landing page, case studies (list with filters,
detail, PDF, write, edit, submit, review), publications by series with their
files and downloads, and recognitions.

Published content is for everyone; drafts only for those who write or review
them — to anyone else a draft is a 404, as something that does not exist."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.forms import show_refusal
from localaction.knowledge import pdf, services
from localaction.knowledge.forms import (
    CaseStudyFilterForm,
    CaseStudyForm,
    ContactFormSet,
    FigureFormSet,
    NewCaseStudyForm,
    NewPublicationForm,
    PublicationFileForm,
    PublicationForm,
    RecognitionForm,
    ReviewForm,
    SeriesForm,
    figure_sources,
)
from localaction.knowledge.models import (
    CaseStudy,
    Publication,
    PublicationFile,
    Recognition,
    Series,
)
from localaction.knowledge.permissions import (
    can_edit_case_study,
    can_give_recognition,
    can_keep_publications,
    can_review_case_study,
    can_see_drafts,
    case_studies_editable_by,
    may_see_contacts,
    offices_giving,
    publications_visible_to,
    writable_members,
)
from localaction.network.permissions import local_governments_visible_to

PAGE_SIZE = 30


def landing(request):
    return render(
        request,
        "knowledge/landing.html",
        {
            "case_studies": CaseStudy.objects.published().select_related("lead", "locale")[:6],
            "publications": Publication.objects.published().select_related("series")[:6],
            "recognitions": Recognition.objects.public().select_related(
                "local_government", "office"
            )[:6],
            "mine": case_studies_editable_by(request.user).select_related("locale")[:20]
            if request.user.is_authenticated
            else [],
            "can_write": writable_members(request.user).exists(),
        },
    )


# --- Case studies ------------------------------------------------------------------


def case_studies(request):
    form = CaseStudyFilterForm(request.GET or None)
    found = CaseStudy.objects.published().select_related("lead__country", "locale")
    if form.is_valid():
        chosen = form.cleaned_data
        if chosen["campaign"]:
            found = found.filter(campaigns=chosen["campaign"])
        if chosen["sector"]:
            # The JSON list's text holds each reference quoted: the same test on
            # SQLite and PostgreSQL (SQLite has no JSON containment lookup).
            found = found.filter(sectors__icontains=f'"{chosen["sector"]}"')
        if chosen["region"]:
            found = found.filter(
                Q(lead__country__region=chosen["region"])
                | Q(members__country__region=chosen["region"])
            )
        if chosen["language"]:
            found = found.filter(locale__language_code=chosen["language"])
    found = found.distinct()
    return render(
        request,
        "knowledge/case_studies.html",
        {"form": form, "case_studies": found[:PAGE_SIZE], "count": found.count()},
    )


def _case_study_or_404(request, pk: int) -> tuple[CaseStudy, CaseStudy, bool]:
    """(the stored case study, the version to show, whether that is a draft)."""
    case_study = get_object_or_404(
        CaseStudy.objects.select_related("lead__country", "locale"), pk=pk
    )
    insider = can_see_drafts(request.user, case_study)
    if insider and (request.GET.get("version") == "draft" or not case_study.live):
        return case_study, services.editable_version(case_study), True
    if not case_study.live:
        raise Http404
    return case_study, case_study, False


def case_study_context(request, case_study: CaseStudy, shown: CaseStudy, draft: bool) -> dict:
    figures = [(figure, *figure.reading()) for figure in shown.figures.all()]
    translations = (
        CaseStudy.objects.published()
        .filter(translation_key=case_study.translation_key)
        .exclude(pk=case_study.pk)
        .select_related("locale")
    )
    visible = set(local_governments_visible_to(request.user).values_list("pk", flat=True))
    return {
        "case_study": case_study,
        "shown": shown,
        "draft": draft,
        "figures": figures,
        "members": [(member, member.pk in visible) for member in shown.all_members()],
        "contacts": list(shown.contacts.all()) if may_see_contacts(request.user) else None,
        "recognitions": case_study.recognitions.select_related("office", "local_government"),
        "translations": translations,
        "review": services.review_of(case_study),
        "can_edit": can_edit_case_study(request.user, case_study),
        "can_review": can_review_case_study(request.user, case_study),
        "insider": can_see_drafts(request.user, case_study),
    }


def case_study(request, pk: int):
    stored, shown, draft = _case_study_or_404(request, pk)
    return render(
        request, "knowledge/case_study.html", case_study_context(request, stored, shown, draft)
    )


def case_study_pdf(request, pk: int):
    stored, shown, draft = _case_study_or_404(request, pk)
    content = pdf.case_study_pdf(case_study_context(request, stored, shown, draft))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stored.slug or stored.pk}.pdf"'
    return response


@login_required
def case_study_new(request):
    leads = writable_members(request.user)
    if not leads.exists():
        raise PermissionDenied
    translation_of = None
    if request.GET.get("translation_of"):
        translation_of = get_object_or_404(CaseStudy, pk=request.GET["translation_of"])
        if not can_edit_case_study(request.user, translation_of):
            raise PermissionDenied
    initial = {}
    if translation_of is not None:
        source = services.editable_version(translation_of)
        initial = {**CaseStudyForm.initial_of(source), "lead": source.lead_id}
    form = NewCaseStudyForm(
        request.POST or None,
        initial=initial,
        leads=leads,
        members=local_governments_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.case_study_create(
                by=request.user,
                lead=form.cleaned_data["lead"],
                language=form.cleaned_data["language"],
                data=form.service_data(),
                members=list(form.cleaned_data["members"]),
                campaigns=list(form.cleaned_data["campaigns"]),
                translation_of=translation_of,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The case study is saved as a draft."))
            return redirect("knowledge:case-study-edit", created.pk)
    return render(
        request,
        "knowledge/case_study_form.html",
        {"form": form, "translation_of": translation_of},
    )


@login_required
def case_study_edit(request, pk: int):
    case_study = get_object_or_404(CaseStudy, pk=pk)
    if not can_edit_case_study(request.user, case_study):
        raise Http404 if not can_see_drafts(request.user, case_study) else PermissionDenied
    draft = services.editable_version(case_study)
    sources = figure_sources(draft.member_ids())
    post = request.POST or None
    form = CaseStudyForm(
        post,
        initial=CaseStudyForm.initial_of(draft),
        members=local_governments_visible_to(request.user),
    )
    figures = FigureFormSet(
        post,
        prefix="figures",
        form_kwargs={"sources": sources},
        initial=[
            {"label": f.label, "source": f"{f.kind}:{getattr(f, f'{f.kind}_id')}"}
            for f in draft.figures.all()
        ],
    )
    contacts = ContactFormSet(
        post,
        prefix="contacts",
        initial=[{"name": c.name, "role": c.role, "email": c.email} for c in draft.contacts.all()],
    )
    if request.method == "POST" and form.is_valid() and figures.is_valid() and contacts.is_valid():
        try:
            services.case_study_edit(
                case_study,
                by=request.user,
                data=form.service_data(),
                members=list(form.cleaned_data["members"]),
                campaigns=list(form.cleaned_data["campaigns"]),
                figures=[
                    one.as_figure()
                    for one in figures
                    if one.cleaned_data and not one.cleaned_data.get("DELETE")
                ],
                contacts=[
                    {k: v for k, v in one.cleaned_data.items() if k != "DELETE"}
                    for one in contacts
                    if one.cleaned_data and not one.cleaned_data.get("DELETE")
                ],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your changes are saved as a draft."))
            return redirect("knowledge:case-study-edit", case_study.pk)
    return render(
        request,
        "knowledge/case_study_edit.html",
        {
            "case_study": case_study,
            "draft": draft,
            "form": form,
            "figures": figures,
            "contacts": contacts,
            "review": services.review_of(case_study),
        },
    )


@login_required
@require_POST
def case_study_submit(request, pk: int):
    case_study = get_object_or_404(CaseStudy, pk=pk)
    if not can_see_drafts(request.user, case_study):
        raise Http404
    try:
        services.case_study_submit(case_study, by=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The case study is sent to the office for review."))
    return redirect("knowledge:case-study-edit", case_study.pk)


@login_required
def case_study_review(request, pk: int):
    case_study = get_object_or_404(CaseStudy.objects.select_related("lead__country"), pk=pk)
    if not can_review_case_study(request.user, case_study):
        raise Http404 if not can_see_drafts(request.user, case_study) else PermissionDenied
    review = services.review_of(case_study)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        try:
            if chosen["decision"] == "approve":
                services.case_study_approve(
                    case_study,
                    by=request.user,
                    comment=chosen["comment"],
                    go_live_at=chosen["go_live_at"],
                )
                messages.success(request, _("The case study is approved."))
            else:
                services.case_study_return(case_study, by=request.user, comment=chosen["comment"])
                messages.success(request, _("The case study is returned to its writers."))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("knowledge:case-study", case_study.pk)
    shown = (
        review.revision.as_object() if review.revision else services.editable_version(case_study)
    )
    context = case_study_context(request, case_study, shown, True)
    context.update(
        {"form": form, "review": review, "live": case_study if case_study.live else None}
    )
    return render(request, "knowledge/case_study_review.html", context)


# --- Publications ------------------------------------------------------------------


def publications(request):
    visible = publications_visible_to(request.user).select_related("locale")
    can_keep = can_keep_publications(request.user)
    series = [
        (one, [p for p in visible if p.series_id == one.pk])
        for one in Series.objects.order_by("title")
    ]
    return render(
        request,
        "knowledge/publications.html",
        {
            # The secretariat sees its empty series too (to fill them).
            "series": [(one, items) for one, items in series if items or can_keep],
            "can_keep": can_keep,
        },
    )


def publication(request, pk: int):
    found = get_object_or_404(
        publications_visible_to(request.user).select_related("series", "locale"), pk=pk
    )
    can_keep = can_keep_publications(request.user)
    form = PublicationFileForm() if can_keep else None
    return render(
        request,
        "knowledge/publication.html",
        {
            "publication": found,
            "files": found.files.select_related("document"),
            "translations": publications_visible_to(request.user)
            .filter(translation_key=found.translation_key)
            .exclude(pk=found.pk)
            .select_related("locale"),
            "can_keep": can_keep,
            "form": form,
        },
    )


@login_required
def publication_file_new(request, pk: int):
    if not can_keep_publications(request.user):
        raise PermissionDenied
    found = get_object_or_404(Publication, pk=pk)
    form = PublicationFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_file_add(
                found,
                by=request.user,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The file is added."))
            return redirect("knowledge:publication", found.pk)
    return render(
        request,
        "knowledge/publication_file_form.html",
        {"publication": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def download(request, pk: int):
    """A publication's file, counted; only while the publication is live (the
    secretariat may fetch it before)."""
    publication_file = get_object_or_404(
        PublicationFile.objects.select_related("publication", "document"), pk=pk
    )
    if not publication_file.publication.live and not can_keep_publications(request.user):
        raise Http404
    services.file_downloaded(publication_file)
    document = publication_file.document
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )


def _keeper_only(request) -> None:
    if not can_keep_publications(request.user):
        raise PermissionDenied


def _translated(request) -> Publication | None:
    """The publication a new one is a language version of (?translation_of=<id>)."""
    value = request.GET.get("translation_of", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(Publication, pk=int(value))


@login_required
def publication_new(request):
    _keeper_only(request)
    translation_of = _translated(request)
    initial = {}
    if request.GET.get("series", "").isdigit():
        initial["series"] = int(request.GET["series"])
    if translation_of is not None:
        source = services.editable_version(translation_of)
        taken = set(
            Publication.objects.filter(translation_key=translation_of.translation_key).values_list(
                "locale__language_code", flat=True
            )
        )
        free = [code for code, _name in settings.LANGUAGES if code not in taken]
        initial = {
            **PublicationForm.initial_of(source, translation=True),
            "language": free[0] if free else None,
        }
    form = NewPublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("state") == "publish"
        try:
            created = services.publication_create(
                by=request.user,
                language=form.cleaned_data["language"],
                data=form.service_data(),
                campaigns=list(form.cleaned_data["campaigns"]),
                publish=publish,
                translation_of=translation_of,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("The publication is published.")
                if publish
                else _("The publication is saved as a draft: only the secretariat sees it."),
            )
            return redirect(created)
    return render(
        request,
        "knowledge/publication_form.html",
        {"form": form, "translation_of": translation_of},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def publication_edit(request, pk: int):
    _keeper_only(request)
    found = get_object_or_404(Publication.objects.select_related("locale"), pk=pk)
    draft = services.editable_version(found)
    form = PublicationForm(request.POST or None, initial=PublicationForm.initial_of(draft))
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("state") == "publish"
        try:
            services.publication_edit(
                found,
                by=request.user,
                data=form.service_data(),
                campaigns=list(form.cleaned_data["campaigns"]),
                publish=publish,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if publish:
                messages.success(request, _("The publication is published."))
            elif found.live:
                messages.success(
                    request,
                    _("Your changes are saved as a draft; readers see the published version."),
                )
            else:
                messages.success(request, _("Your changes are saved as a draft."))
            return redirect(found)
    return render(
        request,
        "knowledge/publication_form.html",
        {"form": form, "publication": found},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def series_new(request):
    _keeper_only(request)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.series_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The series is created."))
            return redirect(f"{reverse('knowledge:publication-new')}?series={created.pk}")
    return render(
        request,
        "knowledge/series_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Recognition -------------------------------------------------------------------


def recognitions(request):
    return render(
        request,
        "knowledge/recognitions.html",
        {
            "recognitions": Recognition.objects.public().select_related(
                "local_government__country__region", "office", "case_study"
            )[:200],
            "can_give": can_give_recognition(request.user),
        },
    )


@login_required
def recognition_new(request):
    offices = offices_giving(request.user)
    if not offices.exists():
        raise PermissionDenied
    form = RecognitionForm(
        request.POST or None,
        offices=offices,
        members=local_governments_visible_to(request.user),
        case_studies=CaseStudy.objects.published(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.recognition_give(by=request.user, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The recognition is recorded."))
            return redirect("knowledge:recognitions")
    return render(request, "knowledge/recognition_form.html", {"form": form})
