"""Placeholder: being written."""

from django.http import Http404


def actions_download(request, **kwargs):
    raise Http404


def actions_import(request, **kwargs):
    raise Http404


def py(request, **kwargs):
    raise Http404


def targets_download(request, **kwargs):
    raise Http404


def targets_import(request, **kwargs):
    raise Http404
