"""Placeholder: being written."""

from django.http import Http404


def campaign(request, **kwargs):
    raise Http404


def campaign_edit(request, **kwargs):
    raise Http404


def campaign_join(request, **kwargs):
    raise Http404


def campaign_list(request, **kwargs):
    raise Http404


def campaign_new(request, **kwargs):
    raise Http404


def evidence_download(request, **kwargs):
    raise Http404


def methodology(request, **kwargs):
    raise Http404


def methodology_list(request, **kwargs):
    raise Http404


def milestone_edit(request, **kwargs):
    raise Http404


def participation(request, **kwargs):
    raise Http404


def participation_withdraw(request, **kwargs):
    raise Http404


def py(request, **kwargs):
    raise Http404


def resolution_download(request, **kwargs):
    raise Http404


def views(request, **kwargs):
    raise Http404
