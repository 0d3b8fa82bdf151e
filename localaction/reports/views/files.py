"""Placeholder: being written."""

from django.http import Http404


def crf_download(request, **kwargs):
    raise Http404


def lines_download(request, **kwargs):
    raise Http404


def open_data(request, **kwargs):
    raise Http404


def py(request, **kwargs):
    raise Http404


def report_download(request, **kwargs):
    raise Http404
