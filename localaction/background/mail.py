"""Every e-mail leaves through the task queue.

`QueuedEmailBackend` is the platform's EMAIL_BACKEND: sending a message (a
password reset, a notification, an invitation) queues a task, so no request
waits for a mail server, and a server that is down is tried again later. The
task hands the message to the backend that really delivers (EMAIL_DELIVERY_BACKEND:
the console by default, SMTP in production). Attachments (an invoice's PDF)
travel with the task, base64-encoded: a message is delivered whole or not at
all, however long after it was queued.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from localaction.background.tasks import background


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            deliver_email.enqueue(**_as_data(message))
        return len(email_messages)


def _as_data(message) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "attachments": [_attachment(attachment) for attachment in message.attachments],
    }


def _attachment(attachment) -> list[str]:
    """[file name, base64 content, MIME type] of an attachment given as (file
    name, content, MIME type), as `EmailMessage.attach` keeps it."""
    filename, content, mimetype = attachment
    data = content.encode() if isinstance(content, str) else bytes(content)
    return [filename, base64.b64encode(data).decode("ascii"), mimetype]


@background(attempts=5)
def deliver_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    reply_to: list[str],
    alternatives: list[list[str]],
    headers: dict[str, str],
    attachments: list[list[str]] | None = None,
) -> int:
    """Hand one message to the delivering backend (retried if the server fails)."""
    message = EmailMultiAlternatives(
        subject, body, from_email, to, bcc=bcc, cc=cc, reply_to=reply_to, headers=headers
    )
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    for filename, data, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(data), mimetype)
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([message])
