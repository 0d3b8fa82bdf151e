"""Elections to the seats of a governing body, and their secret ballots.

An `Election` fills one or more seats of a body (seats alike: a candidate
must be eligible for each). It goes through its phases in order — prepared,
nominations, candidate list published, voting, counting, results published —
each moved by the election's administrators (services.move_election).

During nominations a member in good standing nominates a person (a
`Candidate`); the person accepts and writes a statement, or declines. When
voting opens the electorate is frozen as `Elector` rows: each full member in
good standing then, one vote each, cast by its designated voting
representative (`VotingRepresentative`, one of its editors).

The secrecy of the vote rests on two tables that never meet:

- `VoteCast` records that a member voted in an election. Its primary key is a
  random UUID; the pair (election, member) is unique, a database constraint,
  so that a member cannot vote twice even with two requests at once. It holds
  no time and no person (not even which representative voted).
- `Ballot` holds what was voted: the election, the ranking (candidate ids)
  and the receipt code given to the voter. Its primary key is a random UUID;
  it holds no time, no sequence, no reference to a member, a person, an
  elector or a vote cast. Ballots are written once: the model refuses to save
  an existing ballot or delete one, no form, admin or API changes one, and a
  database trigger (migration 0002) refuses any UPDATE of the table, whoever
  issues it. They are listed by receipt code, an order that reveals nothing.

What could still re-link the two, and what is done about it:

- Physical order. Rows are stored roughly in the order they were written
  (PostgreSQL's heap and `ctid`, SQLite's hidden `rowid`), and a dump copies
  tables in that order, so during voting the n-th vote cast and the n-th
  ballot are likely the same vote — and the n-th ballot the n-th request in
  the web server's access log. When voting closes (`services.move_election`
  to counting), in one transaction, the election's votes cast are written
  again in the order of the members' codes and its ballots in the order of
  their receipt codes (random): the same rows with the same contents,
  receipts and keys, so that the count and the voters' receipts are
  untouched (a test compares them). On PostgreSQL both tables are then
  vacuumed, which discards the old row versions. Afterwards neither order
  says when anyone voted. The trigger refuses UPDATE, not this rewrite:
  it happens once, inside the close, and changes no ballot.
- Transaction ids. On PostgreSQL the hidden `xmin` column of a ballot and of
  its vote cast hold the same transaction id (they are written in one
  transaction, so that no member is marked as having voted without its
  ballot, nor the reverse). The rewrite at close gives every vote cast and
  every ballot the same new `xmin`. The platform never reads system columns
  (a test checks every query of the elections code).
- Before the close, and in the write-ahead log, server logs and backups taken
  during voting, someone with access to the database server itself can still
  match the orders. That is the residual risk; it is that of anyone who can
  read the server's memory during the vote, and is best handled by keeping
  database access to its administrators and not taking backups during
  voting (or discarding those taken).
- Around the vote, other records keep times: the web server's access log
  (the POST to the voting page, with the address), the session of the
  representative who logged in to vote, `last_login`. None names a ballot;
  matched with the physical order above during voting they could, which is
  why that order is erased at the close. Nothing else is written when a
  ballot is cast: no notification, no message in the session, no history
  (a test checks that a vote writes exactly the two rows).
- The trigger that refuses updates lives in the database: on SQLite a later
  migration that rebuilds the ballot table drops it, and must create it
  again (a test updates a ballot by SQL and expects the refusal).
- Receipts prove to a voter that their ballot was counted; a voter may show
  their receipt to someone else, who can then read their ballot in the
  published list. The scheme is verifiable, not receipt-free.
- A tiny electorate, or a member that is the only one to vote in a period,
  is recognisable by arithmetic (turnout figures are only shown as counts).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud
RECEIPT_LENGTH = 12


def new_receipt() -> str:
    """A receipt code: 12 characters of 32 (60 bits), grouped for reading."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


class ElectionQuerySet(models.QuerySet):
    def announced(self) -> ElectionQuerySet:
        """Those past preparation: everyone may read them."""
        return self.exclude(phase=Election.Phase.PREPARED)


class Election(models.Model):
    """An election of one or more seats of a governing body."""

    class Phase(models.TextChoices):
        PREPARED = "prepared", _("Prepared")
        NOMINATIONS = "nominations", _("Nominations")
        CANDIDATES = "candidates", _("Candidate list published")
        VOTING = "voting", _("Voting")
        COUNTING = "counting", _("Counting")
        RESULTS = "results", _("Results published")

    ORDER = list(Phase)

    class Method(models.TextChoices):
        PLURALITY = "plurality", _("Plurality (block vote: one vote for each of up to n seats)")
        STV = (
            "stv",
            _(
                "Ranked: instant-runoff for one seat, single transferable vote (Scottish STV "
                "rules) for several"
            ),
        )

    body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("body"),
    )
    seats = models.ManyToManyField(
        "governance.Seat", related_name="elections", verbose_name=_("seats")
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(
        _("counting method"), max_length=10, choices=Method.choices, default=Method.PLURALITY
    )
    quorum_percent = models.DecimalField(
        _("quorum (turnout, %)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "The share of the electorate that must vote for the election to be valid; 0 for none."
        ),
    )
    nominations_open_on = models.DateField(_("nominations open on"))
    nominations_close_on = models.DateField(_("nominations close on"))
    voting_opens_at = models.DateTimeField(_("voting opens at"))
    voting_closes_at = models.DateTimeField(_("voting closes at"))
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.PREPARED
    )
    scrutineers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="scrutinised_elections",
        verbose_name=_("scrutineers"),
        help_text=_("They inspect the electorate and the count."),
    )
    #: The count as stored when voting closed (services.count_election): the
    #: method's rounds and outcome, with the turnout and quorum.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(
        _("results published at"), null=True, blank=True, editable=False
    )
    reminder_sent = models.BooleanField(_("reminder sent"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-voting_opens_at", "title"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close_on__gte=models.F("nominations_open_on")),
                name="election_nominations_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="election_voting_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0, quorum_percent__lte=100),
                name="election_quorum_is_a_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("elections:election", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.nominations_open_on
            and self.nominations_close_on
            and self.nominations_close_on < self.nominations_open_on
        ):
            errors["nominations_close_on"] = gettext("Nominations close after they open.")
        if self.voting_opens_at and self.voting_closes_at:
            if self.voting_closes_at <= self.voting_opens_at:
                errors["voting_closes_at"] = gettext("Voting closes after it opens.")
            if (
                self.nominations_close_on
                and timezone.localdate(self.voting_opens_at) <= self.nominations_close_on
            ):
                errors["voting_opens_at"] = gettext("Voting opens after nominations close.")
        if errors:
            raise ValidationError(errors)

    @property
    def seat_count(self) -> int:
        return self.seats.count()

    @property
    def is_ranked(self) -> bool:
        return self.method == self.Method.STV

    def phase_index(self) -> int:
        return self.ORDER.index(self.Phase(self.phase))

    def next_phase(self) -> str | None:
        index = self.phase_index()
        return self.ORDER[index + 1] if index + 1 < len(self.ORDER) else None

    def voting_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.phase == self.Phase.VOTING and self.voting_opens_at <= at < self.voting_closes_at
        )

    @property
    def candidates_public(self) -> bool:
        return self.phase_index() >= self.ORDER.index(self.Phase.CANDIDATES)


class Candidate(models.Model):
    """A person nominated for the election's seats, on behalf of a member."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated, awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name=_("candidate"),
        help_text=_("The person nominated; they accept the nomination themselves."),
    )
    local_government = models.ForeignKey(
        "network.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name=_("on behalf of"),
        help_text=_("The member local government the candidate would sit for."),
    )
    nominated_by = models.ForeignKey(
        "network.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("nominated by"),
    )
    nominated_by_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nomination made by"),
    )
    nominated_on = models.DateField(_("nominated on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    statement = models.TextField(_("statement"), blank=True, max_length=5000)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "person__username", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=~Q(status__in=["declined", "withdrawn"]),
                name="one_standing_candidacy_per_person",
                violation_error_message=_("This person is already a candidate in this election."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.person.get_full_name() or self.person.username

    @property
    def is_standing(self) -> bool:
        return self.status == self.Status.ACCEPTED


class VotingRepresentative(models.Model):
    """The one person who casts a member's vote: an editor of the member,
    designated by the member's editors or by the secretariat."""

    local_government = models.OneToOneField(
        "network.LocalGovernment",
        on_delete=models.CASCADE,
        related_name="voting_representative",
        verbose_name=_("member"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="represents_in_elections",
        verbose_name=_("voting representative"),
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("designated by"),
    )
    designated_on = models.DateField(_("designated on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("voting representative")
        verbose_name_plural = _("voting representatives")

    def __str__(self) -> str:
        return f"{self.local_government} — {self.person}"


class Elector(models.Model):
    """A member of an election's electorate, as frozen when voting opened."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="electors", verbose_name=_("election")
    )
    local_government = models.ForeignKey(
        "network.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    category = models.CharField(_("membership category"), max_length=100)

    class Meta:
        ordering = ["local_government__name", "pk"]
        verbose_name = _("elector")
        verbose_name_plural = _("electorate")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "local_government"], name="one_elector_per_member"
            )
        ]

    def __str__(self) -> str:
        return str(self.local_government)


class VoteCast(models.Model):
    """That a member voted in an election — and nothing else: no time, no person,
    no ballot (see the module's docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="votes_cast", verbose_name=_("election")
    )
    local_government = models.ForeignKey(
        "network.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )

    class Meta:
        # No ordering: the default order of rows must not be the order of voting.
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "local_government"], name="one_vote_per_member"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(member)s voted") % {"member": self.local_government}


class BallotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Ballots cannot be changed.")

    def delete(self):
        raise TypeError("Ballots cannot be deleted.")


class Ballot(models.Model):
    """What one voter voted, with the receipt they were given — unlinkable to
    them (see the module's docstring). Written once, never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("election")
    )
    receipt = models.CharField(_("receipt code"), max_length=14, default=new_receipt)
    #: The candidates' ids: in order of preference (ranked), or the set chosen
    #: in ascending order (plurality, so that the order says nothing).
    ranking = models.JSONField(_("ranking"))

    objects = BallotQuerySet.as_manager()

    class Meta:
        ordering = ["receipt"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["election", "receipt"], name="one_ballot_per_receipt")
        ]

    def __str__(self) -> str:
        return self.receipt

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("Ballots cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Ballots cannot be deleted.")
