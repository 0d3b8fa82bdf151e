"""Placeholder: being written."""

from django.http import Http404


def action(request, **kwargs):
    raise Http404


def action_delete(request, **kwargs):
    raise Http404


def action_edit(request, **kwargs):
    raise Http404


def action_new(request, **kwargs):
    raise Http404


def action_plan(request, **kwargs):
    raise Http404


def action_plan_delete(request, **kwargs):
    raise Http404


def action_plan_document(request, **kwargs):
    raise Http404


def action_plan_edit(request, **kwargs):
    raise Http404


def action_plan_new(request, **kwargs):
    raise Http404


def forecast(request, **kwargs):
    raise Http404


def overview(request, **kwargs):
    raise Http404


def py(request, **kwargs):
    raise Http404


def target(request, **kwargs):
    raise Http404


def target_delete(request, **kwargs):
    raise Http404


def target_edit(request, **kwargs):
    raise Http404


def target_new(request, **kwargs):
    raise Http404
