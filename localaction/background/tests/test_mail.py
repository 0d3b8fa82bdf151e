"""E-mail leaves through the queue: a request only queues it, a task delivers it."""

from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from localaction.background.mail import QueuedEmailBackend, deliver_email

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@override_settings(EMAIL_DELIVERY_BACKEND=LOCMEM)
def test_a_message_is_queued_then_delivered_whole(db):
    message = mail.EmailMultiAlternatives(
        "Inventory verified", "Your 2022 inventory is verified.", "office@example.org",
        ["editor@example.org"], cc=["colleague@example.org"], reply_to=["office@example.org"],
    )  # fmt: skip
    message.attach_alternative("<p>Your 2022 inventory is verified.</p>", "text/html")
    pdf = b"%PDF-1.7\n\x00\xff binary"
    message.attach("EU-2027-000001.pdf", pdf, "application/pdf")
    message.attach("notes.txt", "plain text", "text/plain")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert QueuedEmailBackend().send_messages([message]) == 1
    assert mail.outbox == []  # a request never waits for the mail server
    queued = DBTaskResult.objects.get(task_path=deliver_email.module_path)
    deliver_email.call(**queued.args_kwargs["kwargs"])
    (sent,) = mail.outbox
    assert (sent.subject, sent.to, sent.cc, sent.reply_to) == (
        "Inventory verified",
        ["editor@example.org"],
        ["colleague@example.org"],
        ["office@example.org"],
    )
    assert sent.alternatives[0][1] == "text/html"
    # Attachments travel whole, binary ones byte for byte.
    assert [tuple(attachment) for attachment in sent.attachments] == [
        ("EU-2027-000001.pdf", pdf, "application/pdf"),
        ("notes.txt", "plain text", "text/plain"),  # text comes back as text
    ]


def test_e_mail_is_retried_when_the_server_fails():
    from localaction.background.tasks import attempts_allowed

    assert attempts_allowed(deliver_email.module_path) == 5
