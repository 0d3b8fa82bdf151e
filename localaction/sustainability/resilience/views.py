"""The resilience pages: a member's resilience page (hazard profiles and
scorecards), a hazard profile with its risk matrix, the forms that write
them, and files in and out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction import charts
from localaction.core.quantities import YEAR
from localaction.forms import show_refusal
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.resilience import chart, files, services
from localaction.sustainability.resilience.forms import ProfileForm, RatingForm, RatingsFileForm
from localaction.sustainability.resilience.hazards import vocabulary
from localaction.sustainability.resilience.models import (
    ResilienceHazardProfile,
    ResilienceHazardRating,
)
from localaction.sustainability.resilience.permissions import (
    can_edit_resilience,
    can_view_profile,
    profiles_visible_to,
)
from localaction.sustainability.resilience.scorecards import ESSENTIALS, scorecard_rows
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed


def _editable(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_resilience(request.user, local_government):
        raise PermissionDenied
    return local_government


def _visible_profile(request, code: str, year: int) -> ResilienceHazardProfile:
    local_government = visible_local_government_or_404(request.user, code)
    if not YEAR.accepts(year):
        raise Http404
    profile = get_object_or_404(
        ResilienceHazardProfile.objects.select_related("local_government"),
        local_government=local_government,
        year=year,
    )
    if not can_view_profile(request.user, profile):
        raise Http404
    return profile


def member(request, code: str):
    """The member's resilience page: its hazard profiles the person may see,
    the latest drawn as a matrix."""
    local_government = visible_local_government_or_404(request.user, code)
    profiles = list(
        profiles_visible_to(request.user)
        .filter(local_government=local_government)
        .prefetch_related("ratings")
        .order_by("-year")
    )
    latest = profiles[0] if profiles else None
    scorecards = scorecard_rows(request.user, local_government)
    return render(
        request,
        "sustainability/resilience/member.html",
        {
            "lg": local_government,
            "profiles": profiles,
            "latest": latest,
            "matrix": _matrix(latest) if latest else None,
            "can_edit": can_edit_resilience(request.user, local_government),
            "form": ProfileForm(initial={"year": timezone.localdate().year}),
            "scorecards": scorecards,
            "essentials": ESSENTIALS,
            "essentials_chart": _essentials_chart(local_government, scorecards),
        },
    )


def _essentials_chart(local_government, scorecards) -> str | None:
    """The latest scorecard's share of the maximum by essential."""
    if not scorecards:
        return None
    latest = scorecards[-1]
    shares = [(f"E{n}", share) for n, share in enumerate(latest.essentials, 1) if share is not None]
    if not shares:
        return None
    return charts.bar_chart(
        [label for label, _share in shares],
        [share for _label, share in shares],
        title=_("Ten Essentials: %(name)s, %(date)s")
        % {"name": local_government.name, "date": latest.assessment.assessed_on},
        description=_(
            "Share of the maximum score reached in each essential answered, in per cent."
        ),
        unit="%",
        chart_id="essentials",
        horizontal=False,
    )


def _matrix(profile: ResilienceHazardProfile) -> dict:
    matrix = profile.matrix()
    names = {code: hazard.label for code, hazard in vocabulary().hazards.items()}
    rows = [
        {
            "likelihood": likelihood,
            "meaning": vocabulary().likelihood[likelihood],
            "cells": [
                {
                    "risk": likelihood * impact,
                    "hazards": [
                        names.get(code, code) for code in matrix.hazards_at(likelihood, impact)
                    ],
                }
                for impact in range(1, 6)
            ],
        }
        for likelihood in range(5, 0, -1)
    ]
    svg = chart.risk_matrix(
        matrix,
        title=_("Risk matrix of %(name)s, %(year)s")
        % {"name": profile.local_government.name, "year": profile.year},
        chart_id=f"risk-matrix-{profile.year}",
    )
    return {"svg": svg, "rows": rows, "by_band": matrix.by_band()}


def profile(request, code: str, year: int):
    profile = _visible_profile(request, code, year)
    can_edit = can_edit_resilience(request.user, profile.local_government)
    return render(
        request,
        "sustainability/resilience/profile.html",
        {
            "lg": profile.local_government,
            "profile": profile,
            "ratings": profile.ratings_ranked(),
            "matrix": _matrix(profile),
            "vocabulary": vocabulary(),
            "can_edit": can_edit,
            "form": RatingForm() if can_edit else None,
        },
    )


@login_required
@require_POST
def profile_new(request, code: str):
    """Start (or update the notes of) the profile of a year."""
    local_government = _editable(request, code)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            saved = services.profile_save(local_government=local_government, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect(saved)
    return render(
        request,
        "sustainability/resilience/profile_form.html",
        {"lg": local_government, "form": form},
        status=400,
    )


@login_required
@require_POST
def rating_new(request, code: str, year: int):
    profile = _visible_profile(request, code, year)
    if not can_edit_resilience(request.user, profile.local_government):
        raise PermissionDenied
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_set(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect(profile)
    return render(
        request,
        "sustainability/resilience/profile.html",
        {
            "lg": profile.local_government,
            "profile": profile,
            "ratings": profile.ratings_ranked(),
            "matrix": _matrix(profile),
            "vocabulary": vocabulary(),
            "can_edit": True,
            "form": form,
        },
        status=400,
    )


@login_required
@require_POST
def rating_delete(request, code: str, year: int, pk: int):
    profile = _visible_profile(request, code, year)
    if not can_edit_resilience(request.user, profile.local_government):
        raise PermissionDenied
    rating = get_object_or_404(ResilienceHazardRating, profile=profile, pk=pk)
    services.rating_delete(rating=rating)
    return redirect(profile)


@login_required
@require_POST
def profile_publish(request, code: str, year: int):
    profile = _visible_profile(request, code, year)
    if not can_edit_resilience(request.user, profile.local_government):
        raise PermissionDenied
    try:
        services.profile_publish(profile=profile, published=request.POST.get("publish") == "1")
    except ValidationError as error:
        return render(
            request,
            "sustainability/resilience/profile.html",
            {
                "lg": profile.local_government,
                "profile": profile,
                "ratings": profile.ratings_ranked(),
                "matrix": _matrix(profile),
                "vocabulary": vocabulary(),
                "can_edit": True,
                "form": RatingForm(),
                "publish_errors": error.messages,
            },
            status=400,
        )
    return redirect(profile)


def ratings_download(request, code: str, file_format: str):
    """The hazard profiles the person may see, one row per rated hazard."""
    if file_format not in FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    profiles = profiles_visible_to(request.user).filter(local_government=local_government)
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{local_government.code}-hazards-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    files.export_ratings(profiles, format=file_format, target=response)
    return response


@login_required
def ratings_import(request, code: str):
    """Import hazard ratings from a file: every row or none, each problem on its row."""
    local_government = _editable(request, code)
    form = RatingsFileForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = files.import_ratings(local_government, upload.read(), filename=upload.name)
        except ImportFailed as failed:
            problems = failed.errors
        else:
            return render(
                request,
                "sustainability/resilience/import.html",
                {
                    "lg": local_government,
                    "form": RatingsFileForm(),
                    "imported": count,
                    "vocabulary": vocabulary(),
                },
            )
    return render(
        request,
        "sustainability/resilience/import.html",
        {"lg": local_government, "form": form, "problems": problems, "vocabulary": vocabulary()},
        status=400 if request.method == "POST" else 200,
    )
