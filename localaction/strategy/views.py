"""Pages of the strategic plan.

- The adopted plan (`/plan/`) and any plan (`/plan/<pk>/`): its parts, areas
  with vision and approach, and lettered goals; the other plans listed.
- A plan beside the one before it (`/plan/<pk>/compare/`): each area and goal
  said to be added, removed, changed or unchanged, in words as well as marks.
- The secretariat's forms: an area's vision and approach and a goal's title
  and text of a draft (an adopted plan is fixed: refused with a message), the
  next plan drafted from one, and a draft's adoption by a decision.

A draft is the secretariat's: for anyone else it is a 404, as if it did not
exist; a form of a plan someone reads but does not keep is a 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.forms import show_refusal
from localaction.governance.models import Decision
from localaction.strategy import permissions, services
from localaction.strategy.models import Area, Goal, StrategicPlan


def _readable_plan(request, pk: int) -> StrategicPlan:
    plan = get_object_or_404(StrategicPlan.objects.select_related("adopted_by__body"), pk=pk)
    if not permissions.can_read_plan(request.user, plan):
        raise Http404
    return plan


def _kept_plan(request, plan: StrategicPlan) -> StrategicPlan:
    """The plan, for the secretariat; someone who reads it but does not keep it: a 403."""
    if not permissions.can_keep_plans(request.user):
        raise PermissionDenied
    return plan


def _show(request, plan: StrategicPlan | None):
    others = permissions.plans_readable_by(request.user, StrategicPlan.objects.all())
    if plan is not None:
        others = others.exclude(pk=plan.pk)
    areas = plan.ordered_areas() if plan else []
    parts = [
        (part, [area for area in areas if area.part_id == part.pk])
        for part in (plan.parts.all() if plan else [])
    ]
    return render(
        request,
        "strategy/plan.html",
        {
            "plan": plan,
            "parts": parts,
            "others": others,
            "may_keep": permissions.can_keep_plans(request.user),
        },
    )


def adopted(request):
    """The plan in force (none yet: the page says so)."""
    plan = (
        StrategicPlan.objects.select_related("adopted_by__body")
        .filter(status=StrategicPlan.Status.ADOPTED)
        .first()
    )
    return _show(request, plan)


def plan(request, pk: int):
    return _show(request, _readable_plan(request, pk))


def compare(request, pk: int):
    """The plan beside the one it was drafted from."""
    new = _readable_plan(request, pk)
    old = new.previous
    if old is not None and not permissions.can_read_plan(request.user, old):
        old = None
    return render(
        request,
        "strategy/compare.html",
        {
            "plan": new,
            "old": old,
            "changes": services.compare_plans(old, new) if old else [],
        },
    )


class AreaForm(forms.Form):
    vision = forms.CharField(
        label=gettext_lazy("Vision"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    approach = forms.CharField(
        label=gettext_lazy("Approach"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Short title"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("Full text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


def _refuse_fixed(request, plan: StrategicPlan):
    """An adopted or superseded plan's texts are not changed: said on its page."""
    messages.error(
        request,
        _("%(plan)s is %(status)s: its text is fixed. Draft the next plan to change it.")
        % {"plan": plan.display_title, "status": plan.get_status_display().lower()},
    )
    return redirect(plan)


def _edit(request, record, form: forms.Form, change, template: str, context: dict):
    if request.method == "POST" and form.is_valid():
        try:
            change(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(record)s is saved.") % {"record": record})
            return redirect(record)
    return render(request, template, {"form": form, **context})


@login_required
def area_form(request, pk: int):
    """A draft's area: its vision and approach."""
    area = get_object_or_404(Area.objects.select_related("plan", "part"), pk=pk)
    plan = _kept_plan(request, _readable_plan(request, area.plan_id))
    if not plan.is_draft:
        return _refuse_fixed(request, plan)
    initial = {"vision": area.vision, "approach": area.approach}
    form = AreaForm(request.POST or None, initial=initial)
    return _edit(
        request,
        area,
        form,
        services.change_area,
        "strategy/area_form.html",
        {"area": area, "plan": plan},
    )


@login_required
def goal_form(request, pk: int):
    """A draft's goal: its short title and full text."""
    goal = get_object_or_404(Goal.objects.select_related("area__plan"), pk=pk)
    plan = _kept_plan(request, _readable_plan(request, goal.area.plan_id))
    if not plan.is_draft:
        return _refuse_fixed(request, plan)
    form = GoalForm(request.POST or None, initial={"title": goal.title, "text": goal.text})
    return _edit(
        request,
        goal,
        form,
        services.change_goal,
        "strategy/goal_form.html",
        {"goal": goal, "plan": plan},
    )


class DraftForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    first_year = forms.IntegerField(label=gettext_lazy("First year"), min_value=1990)
    last_year = forms.IntegerField(label=gettext_lazy("Last year"), min_value=1990)


@login_required
def draft_form(request, pk: int):
    """The next plan, drafted from this one."""
    plan = _kept_plan(request, _readable_plan(request, pk))
    years = plan.last_year - plan.first_year
    form = DraftForm(
        request.POST or None,
        initial={"first_year": plan.last_year + 1, "last_year": plan.last_year + 1 + years},
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_next_plan(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(plan)s is drafted from %(previous)s.")
                % {"plan": draft.display_title, "previous": plan.display_title},
            )
            return redirect(draft)
    return render(request, "strategy/draft_form.html", {"form": form, "plan": plan})


class AdoptForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Decision"),
        queryset=Decision.objects.filter(
            outcome=Decision.Outcome.ADOPTED, body__code__in=services.ADOPTING_BODIES
        ).select_related("body"),
        help_text=gettext_lazy(
            "The adopted decision of the Executive Committee or the Council that adopts the plan."
        ),
    )


@login_required
def adopt_form(request, pk: int):
    """A draft's adoption, by the decision that adopted it."""
    plan = _kept_plan(request, _readable_plan(request, pk))
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_plan(plan, decision=form.cleaned_data["decision"], by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(plan)s is adopted.") % {"plan": plan.display_title})
            return redirect(plan)
    return render(
        request,
        "strategy/adopt_form.html",
        {"form": form, "plan": plan, "problems": services.plan_problems(plan)},
    )


urls = [
    path("plan/", adopted, name="adopted"),
    path("plan/<int:pk>/", plan, name="plan"),
    path("plan/<int:pk>/compare/", compare, name="compare"),
    path("plan/<int:pk>/draft/", draft_form, name="draft"),
    path("plan/<int:pk>/adopt/", adopt_form, name="adopt"),
    path("plan/areas/<int:pk>/edit/", area_form, name="area-edit"),
    path("plan/goals/<int:pk>/edit/", goal_form, name="goal-edit"),
]
