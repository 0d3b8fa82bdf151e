"""People's roles, held per organisation: a local government or an office."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.Model):
    """What one person may do for one organisation.

    Editors and viewers belong to a local government; staff belong to an
    office and act for the regions and countries it covers. Staff of the
    World Secretariat are the secretariat: they act for the whole network.
    """

    class Kind(models.TextChoices):
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")
        STAFF = "staff", _("Office staff")

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

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["editor", "viewer"], local_government__isnull=False, office=None)
                    | Q(kind="staff", office__isnull=False, local_government=None)
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
        if self.kind == self.Kind.STAFF and (not self.office_id or self.local_government_id):
            raise ValidationError(gettext("Office staff belong to an office."))
        if self.kind != self.Kind.STAFF and (not self.local_government_id or self.office_id):
            raise ValidationError(gettext("Editors and viewers belong to a local government."))
