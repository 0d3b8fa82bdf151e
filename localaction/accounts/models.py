"""People's roles, held per organisation: a local government or an office."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.Model):
    """What one person may do for one organisation.

    Editors and viewers belong to a local government; staff belong to an
    office and act for the regions and countries it covers. Staff of the
    World Secretariat are the secretariat: they act for the whole network.
    Finance staff are office staff who also handle the office's money.
    """

    class Kind(models.TextChoices):
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")
        STAFF = "staff", _("Office staff")
        FINANCE = "finance", _("Finance staff")

    # Roles held in an office; finance staff are office staff who also issue
    # invoices and record payments for it (localaction/finance/permissions.py).
    OFFICE_KINDS = (Kind.STAFF, Kind.FINANCE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=10, choices=Kind.choices)
    local_government = models.ForeignKey(
        "network.LocalGovernment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("local government"),
    )
    office = models.ForeignKey(
        "network.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("office"),
    )
    # Every change of a role — given, changed, taken away, by whom — is kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["editor", "viewer"], local_government__isnull=False, office=None)
                    | Q(kind__in=["staff", "finance"], office__isnull=False, local_government=None)
                ),
                name="role_matches_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "local_government"],
                condition=Q(local_government__isnull=False),
                name="one_role_per_local_government",
            ),
            models.UniqueConstraint(
                fields=["user", "office"],
                condition=Q(office__isnull=False),
                name="one_role_per_office",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.organisation}"

    @property
    def organisation(self):
        return self.local_government or self.office

    def clean(self) -> None:
        is_office_role = self.kind in self.OFFICE_KINDS
        if is_office_role and (not self.office_id or self.local_government_id):
            raise ValidationError(gettext("Office staff belong to an office."))
        if not is_office_role and (not self.local_government_id or self.office_id):
            raise ValidationError(gettext("Editors and viewers belong to a local government."))


class Person(models.Model):
    """What a person chooses for themselves: the language the platform writes to
    them in (e-mails, digests). Made on first use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="person",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return str(self.user)


class Notification(models.Model):
    """Something a person is told: one event (`kind`, see notifications.py) with
    the facts needed to write it in any language, and where to act on it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("facts"), default=dict, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out by e-mail, alone or in a digest: a retried task never
    # sends it twice.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.kind}"


class NotificationPreference(models.Model):
    """How a person wants to hear about one kind of event."""

    class Delivery(models.TextChoices):
        AT_ONCE = "at_once", _("At once")
        DAILY = "daily", _("Daily digest")
        NEVER = "never", _("Never")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}: {self.get_delivery_display()}"


class Invitation(models.Model):
    """An invitation, sent by e-mail, to take a role in a local government or an
    office. The link carries `token`; it works once, until `expires_at`."""

    email = models.EmailField(_("e-mail"))
    kind = models.CharField(_("role"), max_length=10, choices=Role.Kind.choices)
    local_government = models.ForeignKey(
        "network.LocalGovernment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("local government"),
    )
    office = models.ForeignKey(
        "network.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("office"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["editor", "viewer"], local_government__isnull=False, office=None)
                    | Q(kind__in=["staff", "finance"], office__isnull=False, local_government=None)
                ),
                name="invitation_matches_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_kind_display()} — {self.organisation}"

    @property
    def organisation(self):
        return self.local_government or self.office
