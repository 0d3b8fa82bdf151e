"""Meetings of the governing bodies, their agendas and attendance, and the
decisions they take.

A decision has a stable reference, `<BODY CODE>-<year>-<NNN>` (EXCOM-2027-014),
given by `governance.services.record_decision` from the body's series for
the year without gaps: the series row is locked while the decision is
written, and a decision is never deleted (it is corrected, or a later
decision rescinds it). A decision states the quorum of its meeting as it
stood when it was recorded; one recorded without quorum says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.governance.models.bodies import Body, Mandate
from localaction.network.models import LocalGovernment, Membership
from localaction.validators import DOCUMENT_VALIDATORS


def _document_path(instance, filename: str) -> str:
    # Grouped by meeting, so a meeting's papers can be found together.
    return f"governance/{instance.item.meeting_id}/{Path(filename).name}"


class Meeting(models.Model):
    """A meeting of a body: when, where (a place, an online link or both), its
    agenda and who attended."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. 12th meeting of the Executive Committee.")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("Where those attending online join.")
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Its date, place and public agenda items are visible to everyone."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.pk])

    def clean(self) -> None:
        if not self.place and not self.online_link:
            raise ValidationError(gettext("Give the meeting's place, its online link, or both."))

    def entitled(self):
        """Who is entitled to sit on the day: the body's mandates running then,
        or for a body of every full member the active full members (their
        local governments)."""
        if self.body.composition == Body.Composition.ALL_FULL_MEMBERS:
            return LocalGovernment.objects.filter(
                memberships__status=Membership.Status.ACTIVE,
                memberships__type=Membership.Type.FULL,
            ).distinct()
        return Mandate.objects.filter(seat__body=self.body).current(self.held_on)

    def quorum(self) -> Quorum:
        """The quorum as the attendance recorded stands: those present who are
        entitled to sit, against the body's rule."""
        entitled = self.entitled()
        present = self.attendances.filter(present=True)
        if self.body.composition == Body.Composition.ALL_FULL_MEMBERS:
            present = present.filter(local_government__in=entitled.values("pk"))
        else:
            present = present.filter(mandate__in=entitled.values("pk"))
        count = entitled.count()
        return Quorum(
            entitled=count, present=present.count(), needed=self.body.quorum_needed(count)
        )


@dataclass(frozen=True)
class Quorum:
    """How many are entitled to sit, how many attend, how many must."""

    entitled: int
    present: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.entitled > 0 and self.present >= self.needed


class AgendaItem(models.Model):
    """One item of a meeting's agenda; its documents are attached to it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="one_agenda_item_per_number",
                violation_error_message=_("The agenda already has an item of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def body(self) -> Body:
        return self.meeting.body


class AgendaDocument(models.Model):
    """A paper of an agenda item: a report, a draft, the minutes to approve.
    It is public when its item and meeting are."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("item")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=_document_path,
        validators=DOCUMENT_VALIDATORS,
        help_text=_("PDF, office documents or scans, up to 10 MB."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["item", "title"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:document", args=[self.pk])

    @property
    def filename(self) -> str:
        return Path(self.file.name).name


class Attendance(models.Model):
    """Who attended a meeting: a mandate holder, or for the Council a member
    local government (through its delegate). Absence is recorded too, excused
    or not, so the minutes can list it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    mandate = models.ForeignKey(
        Mandate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("mandate"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_attendances",
        verbose_name=_("member"),
        help_text=_("For a body of every full member: the member attending."),
    )
    delegate = models.CharField(
        _("delegate"), max_length=200, blank=True, help_text=_("Who spoke for the member.")
    )
    present = models.BooleanField(_("present"), default=True)
    excused = models.BooleanField(_("excused"), default=False)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate__isnull=False, local_government__isnull=True)
                | Q(mandate__isnull=True, local_government__isnull=False),
                name="attendance_of_a_mandate_or_a_member",
            ),
            models.UniqueConstraint(
                fields=["meeting", "mandate"], name="one_attendance_per_mandate"
            ),
            models.UniqueConstraint(
                fields=["meeting", "local_government"], name="one_attendance_per_member"
            ),
        ]

    def __str__(self) -> str:
        return self.mandate.holder_name if self.mandate_id else str(self.local_government)

    def clean(self) -> None:
        if not self.meeting_id:
            return
        body = self.meeting.body
        if body.composition == Body.Composition.ALL_FULL_MEMBERS:
            if self.mandate_id or not self.local_government_id:
                raise ValidationError(
                    {
                        "local_government": gettext(
                            "Every full member sits on this body: name the member."
                        )
                    }
                )
        else:
            if self.local_government_id or not self.mandate_id:
                raise ValidationError(
                    {"mandate": gettext("Name the mandate of the holder who attended.")}
                )
            if self.mandate.seat.body_id != body.pk:
                raise ValidationError({"mandate": gettext("This mandate is on another body.")})
            if not self.mandate.is_current(self.meeting.held_on):
                raise ValidationError(
                    {"mandate": gettext("This mandate did not run on the day of the meeting.")}
                )
        if self.present and self.excused:
            raise ValidationError({"excused": gettext("Only an absence is excused.")})


class DecisionNumberSeries(models.Model):
    """The last number given to a body's decisions in one year."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_decision_series_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}-{self.year}: {self.last_number}"


class DecisionQuerySet(models.QuerySet):
    def search(self, text: str) -> DecisionQuerySet:
        """Decisions whose reference, title, motion or minutes contain the words."""
        for word in text.split():
            self = self.filter(
                Q(reference__icontains=word)
                | Q(title__icontains=word)
                | Q(motion__icontains=word)
                | Q(minutes__icontains=word)
            )
        return self


class Decision(models.Model):
    """A body's decision on a motion: by vote (for, against, abstaining) or by
    consensus, with its outcome and minutes, and a reference that never changes."""

    class Method(models.TextChoices):
        VOTE = "vote", _("Vote")
        CONSENSUS = "consensus", _("Consensus")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("Simple majority (more for than against)")
        TWO_THIRDS = "two_thirds", _("Two thirds of the votes cast for or against")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    decided_on = models.DateField(_("decided on"))
    title = models.CharField(_("title"), max_length=300)
    motion = models.TextField(_("motion"))
    method = models.CharField(_("taken by"), max_length=10, choices=Method.choices)
    majority = models.CharField(
        _("majority required"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstaining"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    minutes = models.TextField(_("minutes"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown in the public decisions log.")
    )
    # The meeting's quorum as it stood when the decision was recorded.
    quorum_entitled = models.PositiveIntegerField(_("entitled to sit"), editable=False)
    quorum_present = models.PositiveIntegerField(_("present"), editable=False)
    quorum_needed = models.PositiveIntegerField(_("quorum"), editable=False)
    without_quorum = models.BooleanField(
        _("taken without quorum"),
        default=False,
        help_text=_("Only when the meeting had no quorum; the decision states it."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-reference"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="one_decision_per_number"
            ),
            models.CheckConstraint(
                condition=Q(
                    method="vote",
                    votes_for__isnull=False,
                    votes_against__isnull=False,
                    abstentions__isnull=False,
                )
                | Q(
                    method="consensus",
                    votes_for__isnull=True,
                    votes_against__isnull=True,
                    abstentions__isnull=True,
                ),
                name="decision_votes_match_method",
            ),
        ]
        indexes = [models.Index(fields=["body", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision", args=[self.reference])

    @property
    def votes_cast(self) -> int:
        return (self.votes_for or 0) + (self.votes_against or 0) + (self.abstentions or 0)

    def outcome_of_votes(self) -> str:
        """What the votes decide under the majority required (abstentions are
        not counted either way)."""
        votes_for, votes_against = self.votes_for or 0, self.votes_against or 0
        if self.majority == self.Majority.TWO_THIRDS:
            adopted = votes_for > 0 and 3 * votes_for >= 2 * (votes_for + votes_against)
        else:
            adopted = votes_for > votes_against
        return self.Outcome.ADOPTED if adopted else self.Outcome.REJECTED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        counts = (self.votes_for, self.votes_against, self.abstentions)
        if self.method == self.Method.VOTE:
            if any(count is None for count in counts):
                errors["votes_for"] = gettext(
                    "A vote has its counts: for, against and abstaining (0 where none)."
                )
            elif self.outcome and self.outcome != self.outcome_of_votes():
                errors["outcome"] = gettext(
                    "With %(for)d for, %(against)d against and %(abstaining)d abstaining, "
                    "the motion is %(outcome)s under a %(majority)s."
                ) % {
                    "for": self.votes_for,
                    "against": self.votes_against,
                    "abstaining": self.abstentions,
                    "outcome": self.Outcome(self.outcome_of_votes()).label.lower(),
                    "majority": self.get_majority_display().lower(),
                }
        elif self.method == self.Method.CONSENSUS and any(count is not None for count in counts):
            errors["votes_for"] = gettext("A decision by consensus has no vote counts.")
        if self.meeting_id and self.decided_on and self.decided_on != self.meeting.held_on:
            errors["decided_on"] = gettext("A decision is taken on the day of its meeting.")
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = gettext("This agenda item is of another meeting.")
        if errors:
            raise ValidationError(errors)


class MembershipApproval(models.Model):
    """A membership approved by a body's decision, where the Charter requires
    one: the register keeps the membership, governance the decision behind it."""

    membership = models.OneToOneField(
        Membership,
        on_delete=models.PROTECT,
        related_name="approval_decision",
        verbose_name=_("membership"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="membership_approvals",
        verbose_name=_("decision"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("membership approval")
        verbose_name_plural = _("membership approvals")

    def __str__(self) -> str:
        return f"{self.membership.local_government} — {self.decision.reference}"
