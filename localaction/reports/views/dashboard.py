"""Placeholder: being written."""

from django.http import Http404


def dashboard(request, **kwargs):
    raise Http404


def members(request, **kwargs):
    raise Http404


def publication_download(request, **kwargs):
    raise Http404


def publication_new(request, **kwargs):
    raise Http404


def publications(request, **kwargs):
    raise Http404


def py(request, **kwargs):
    raise Http404
