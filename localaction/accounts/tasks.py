"""The accounts' background work: notifications by e-mail — at once (one e-mail
per notification) and the daily digest (one e-mail per person) — and the
invitation e-mail.

Each notification goes out once: a task first stamps `emailed_at` on the
notifications it sends (only on those not stamped yet), then sends; if sending
fails the stamp is taken back and the retry sends what is still unsent. A
person already sent is never sent again by a retry.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from localaction.accounts import notifications
from localaction.accounts.models import Invitation, Notification, NotificationPreference
from localaction.background.tasks import background, daily

Delivery = NotificationPreference.Delivery


def _full_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path else settings.SITE_URL


def _claim(ids: list[int]) -> tuple[list[Notification], object]:
    """Stamp the notifications among `ids` not e-mailed yet; returns them."""
    stamp = timezone.now()
    Notification.objects.filter(pk__in=ids, emailed_at=None).update(emailed_at=stamp)
    claimed = list(
        Notification.objects.filter(pk__in=ids, emailed_at=stamp).select_related("recipient")
    )
    return claimed, stamp


def _send_or_release(claimed: list[Notification], subject: str, body: str, to: str) -> None:
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(emailed_at=None)
        raise


def _item(notification: Notification) -> dict[str, str]:
    """Subject, body and link of one notification, in the active language."""
    kind = notifications.kind_of(notification.kind)
    return {
        "subject": kind.subject_for(notification.params),
        "body": kind.body_for(notification.params),
        "link": _full_url(notification.url),
    }


@background(attempts=3)
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail each of these notifications to its recipient, in their language;
    returns how many e-mails went out."""
    sent = 0
    for pk in notification_ids:
        claimed, _stamp = _claim([pk])
        if not claimed:
            continue  # sent by an earlier attempt
        [notification] = claimed
        recipient = notification.recipient
        if not recipient.email:
            continue
        with translation.override(notifications.language_of(recipient)):
            item = _item(notification)
            body = render_to_string(
                "accounts/notifications/email.txt",
                {
                    "body": item["body"],
                    "link": item["link"],
                    "preferences": _full_url(reverse("accounts:notification-preferences")),
                },
            )
        _send_or_release(claimed, " ".join(item["subject"].split()), body, recipient.email)
        sent += 1
    return sent


def waiting_for_digest():
    """Notifications not e-mailed yet whose recipient hears of their kind daily."""
    chosen = NotificationPreference.objects.filter(
        user=OuterRef("recipient"), kind=OuterRef("kind")
    ).values("delivery")[:1]
    daily_by_default = [
        key for key, kind in notifications.KINDS.items() if kind.default == Delivery.DAILY
    ]
    return (
        Notification.objects.filter(emailed_at=None)
        .annotate(delivery=Subquery(chosen))
        .filter(Q(delivery=Delivery.DAILY) | Q(delivery=None, kind__in=daily_by_default))
    )


@daily
@background(attempts=3)
def email_daily_digest() -> int:
    """One e-mail per person with all their notifications waiting for the digest,
    in their language; returns how many digests went out."""
    waiting: dict[int, list[int]] = defaultdict(list)
    for recipient_id, pk in (
        waiting_for_digest().order_by("created_at", "pk").values_list("recipient", "pk")
    ):
        waiting[recipient_id].append(pk)
    sent = 0
    for ids in waiting.values():
        claimed, _stamp = _claim(ids)
        if not claimed:
            continue
        recipient = claimed[0].recipient
        if not recipient.email:
            continue
        claimed.sort(key=lambda n: (n.created_at, n.pk))
        with translation.override(notifications.language_of(recipient)):
            subject = render_to_string(
                "accounts/notifications/digest_subject.txt", {"count": len(claimed)}
            )
            body = render_to_string(
                "accounts/notifications/digest.txt",
                {
                    "items": [_item(n) for n in claimed],
                    "preferences": _full_url(reverse("accounts:notification-preferences")),
                },
            )
        _send_or_release(claimed, " ".join(subject.split()), body, recipient.email)
        sent += 1
    return sent


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
