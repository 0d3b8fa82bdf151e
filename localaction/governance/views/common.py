"""What the governance pages share: finding what a person may read (a 404
otherwise: its existence is not told), and a service's refusal on a form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from localaction.governance import permissions
from localaction.governance.models import Body, Meeting


def readable_body(request, code: str) -> Body:
    body = get_object_or_404(Body.objects.select_related("region"), code=code)
    if not permissions.can_read_body(request.user, body):
        raise Http404
    return body


def readable_meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body__region"), pk=pk)
    if not permissions.can_read_record(request.user, meeting, meeting.body):
        raise Http404
    return meeting


def kept_meeting(request, pk: int) -> Meeting:
    """A meeting the person keeps; one they read but do not keep is a 403."""
    meeting = readable_meeting(request, pk)
    if not permissions.can_keep_body(request.user, meeting.body):
        raise PermissionDenied
    return meeting


def show_refusal(form: forms.Form, error: ValidationError) -> None:
    """The service's refusal on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
