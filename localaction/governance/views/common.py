"""What the governance pages share: finding what a person may read (a 404
otherwise: its existence is not told), and a service's refusal on a form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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
