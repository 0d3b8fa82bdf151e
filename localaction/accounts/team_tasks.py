"""The teams' background work: the invitation e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from localaction.accounts.models import Invitation
from localaction.background.tasks import background


@background(attempts=3)
def send_invitation(invitation_id: int, language: str = settings.LANGUAGE_CODE) -> bool:
    """E-mail the invitation's link, in the language of the person who invited.

    Sending is the last step, so a failed attempt has sent nothing and the retry
    sends it once. An invitation withdrawn, accepted or expired before its turn
    came is not sent (returns False)."""
    invitation = (
        Invitation.objects.select_related("local_government", "office", "invited_by")
        .filter(pk=invitation_id, accepted_at=None, withdrawn_at=None)
        .first()
    )
    if invitation is None or invitation.expires_at <= timezone.now():
        return False
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "role": invitation.get_kind_display(),
            "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.username
            if invitation.invited_by
            else "",
            "expires_at": timezone.localtime(invitation.expires_at),
            "link": settings.SITE_URL.rstrip("/") + reverse("team:accept", args=[invitation.token]),
        }
        subject = render_to_string("accounts/team/invitation_subject.txt", context)
        body = render_to_string("accounts/team/invitation_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])
    return True
