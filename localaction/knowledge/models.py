"""The Agency's information services: case studies, publications, recognition.

Case studies and publications are Wagtail content: drafts and revisions
(`DraftStateMixin`, `RevisionMixin`: a later edit of a published one is a new
revision while the published one stays live), language versions
(`TranslatableMixin`: a translation is another object with the same
`translation_key` in another locale) and clusters (`ClusterableModel`: the
members, campaigns, figures and contacts travel with each revision).

The editorial review of a case study is Wagtail's moderation workflow
(`WorkflowMixin`): the workflow "Case study review" (made by a migration and
assigned to case studies) holds one `OfficeReviewTask`, which only the offices
covering the lead member and the secretariat may approve or return. Its states
(`WorkflowState`, `TaskState`) are kept beside the case study, not in its
revisions, so publishing a revision never rolls a review back; they show in
Wagtail's workflow reports in /cms/ too. `ReviewState` reads them for the pages.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from stdnum import isbn, issn
from wagtail.fields import RichTextField
from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    Revision,
    RevisionMixin,
    Task,
    TaskState,
    TranslatableMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.signals import workflow_approved

from localaction import richtext
from localaction.campaigns.models import Action, Campaign, Target
from localaction.core import gpc
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.inventories.models import Inventory, InventoryLevelCO2e
from localaction.network.models import LocalGovernment, Office
from localaction.network.work import covered_local_governments
from localaction.validators import InBounds

RICH_TEXT_FIELDS = ("problem", "approach", "lessons")


def _sector_choices():
    return [(sector.ref, f"{sector.ref} {sector.name}") for sector in gpc.SECTORS]


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """What anyone may read: the live version."""
        return self.filter(live=True)


class CaseStudyQuerySet(PublishedQuerySet):
    def in_review(self):
        """The case studies waiting for a reviewer's decision, each with
        `review_since` (when its revision was sent)."""
        waiting = WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(CaseStudy),
            object_id=Cast(OuterRef("pk"), models.CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
            current_task_state__status=TaskState.STATUS_IN_PROGRESS,
        )
        return self.annotate(
            review_since=Subquery(waiting.values("current_task_state__started_at")[:1])
        ).filter(review_since__isnull=False)


class CaseStudy(WorkflowMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, ClusterableModel):
    """A member's experience told for others to learn from: the problem, the
    approach, the results (figures read live from the members' own data), the
    costs and the lessons."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    lead = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="led_case_studies",
        verbose_name=_("lead member"),
    )
    members = ParentalManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="case_studies",
        verbose_name=_("other members"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    campaigns = ParentalManyToManyField(
        Campaign, blank=True, related_name="case_studies", verbose_name=_("campaigns")
    )
    sectors = models.JSONField(_("GPC sectors"), default=list, blank=True)
    summary = models.TextField(_("summary"), max_length=1000, validators=[MaxLengthValidator(1000)])
    problem = RichTextField(_("the problem"), blank=True, max_length=DESCRIPTION_LENGTH)
    approach = RichTextField(_("the approach"), blank=True, max_length=DESCRIPTION_LENGTH)
    lessons = RichTextField(_("lessons learnt"), blank=True, max_length=DESCRIPTION_LENGTH)
    cost = MoneyField(
        _("cost"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        default_currency="EUR",
    )
    funding = models.CharField(_("funding sources"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseStudyQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["-first_published_at", "-pk"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"],
                name="one_case_study_slug_per_language",
                violation_error_message=_("A case study in this language has this slug already."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:case-study", args=[self.pk])

    @property
    def language(self) -> str:
        return self.locale.language_code

    def all_members(self) -> list[LocalGovernment]:
        """The lead first, then the other members (in memory on a revision too)."""
        others = [member for member in self.members.all() if member.pk != self.lead_id]
        return [self.lead, *sorted(others, key=lambda member: member.name)]

    def other_member_codes(self) -> list[str]:
        return [member.code for member in self.all_members()[1:]]

    def member_ids(self) -> set[int]:
        return {self.lead_id, *(member.pk for member in self.members.all())}

    @cached_property
    def review(self) -> ReviewState:
        return ReviewState.of(self)

    def clean(self) -> None:
        super().clean()
        for field in RICH_TEXT_FIELDS:
            setattr(self, field, richtext.clean(getattr(self, field)))
        known = {sector.ref for sector in gpc.SECTORS}
        if not isinstance(self.sectors, list) or any(
            not isinstance(code, str) or code not in known for code in self.sectors
        ):
            raise ValidationError(
                {
                    "sectors": gettext("GPC sectors are given by their reference: %(refs)s.")
                    % {"refs": ", ".join(sorted(known))}
                }
            )
        self.sectors = sorted(set(self.sectors), key=[s.ref for s in gpc.SECTORS].index)
        if self.cost is not None and not 0 <= self.cost.amount < 10**14:
            raise ValidationError({"cost": gettext("A cost is an amount from 0 to 10¹⁴.")})
        if self.lead_id is None:
            return
        members = self.member_ids()
        problems = [
            gettext("Figure “%(label)s”: %(problem)s") % {"label": figure.label, "problem": problem}
            for figure in self.figures.all()
            if (problem := figure.refusal(members))
        ]
        if problems:
            raise ValidationError({"figures": problems})

    def save(self, *args, **kwargs):
        # Whatever the way in (a form, the API, Wagtail's editor, a revision
        # published), no unsafe markup is stored.
        for field in RICH_TEXT_FIELDS:
            setattr(self, field, richtext.clean(getattr(self, field)))
        super().save(*args, **kwargs)


class CaseStudyFigure(Orderable):
    """A result of the case study, read from the members' data when it is shown:
    an action's estimated reduction, a target, or a published inventory's
    total — so it stays true when that data changes."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Action: estimated reduction")
        TARGET = "target", _("Target")
        INVENTORY = "inventory", _("Published GHG inventory: total")

    case_study = ParentalKey(CaseStudy, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return self.label

    @property
    def record(self):
        return getattr(self, self.kind, None) if self.kind else None

    def refusal(self, member_ids: set[int]) -> str | None:
        """Why this figure may not be part of a case study of these members."""
        chosen = [name for name in ("action", "target", "inventory") if getattr(self, f"{name}_id")]
        if chosen != [self.kind]:
            return gettext("a figure points at exactly one record, of its kind.")
        if self.record.local_government_id not in member_ids:
            return gettext(
                "it points at a record of a local government that is not a member "
                "of the case study."
            )
        return None

    def reading(self) -> tuple[float | None, str, str]:
        """(value, unit, context) as the data says now; value None when the record
        is not (or no longer) public or has no figure."""
        record = self.record
        if record is None:
            return None, "", ""
        if self.kind == self.Kind.ACTION:
            if not record.is_published or record.impact_tco2e is None:
                return None, "", record.title
            return record.impact_tco2e, gettext("t CO2e a year"), record.title
        if self.kind == self.Kind.TARGET:
            if not record.is_published or record.reduction_percent is None:
                return None, "", record.title
            context = gettext("%(base)s to %(year)s") % {
                "base": record.base_year,
                "year": record.target_year,
            }
            return record.reduction_percent, gettext("percent reduction"), context
        if record.status != Inventory.Status.PUBLISHED:
            return None, "", str(record.year)
        row = (
            InventoryLevelCO2e.objects.filter(
                inventory=record, level="BASIC", gwp_set=record.gwp_set
            )
            .only("t", "blank", "unweighted")
            .first()
        )
        if row is None or row.blank or row.unweighted or not math.isfinite(row.t):
            return None, "", str(record.year)
        return row.t, gettext("t CO2e (BASIC, %(gwp)s)") % {"gwp": record.gwp_set}, str(record.year)


class CaseStudyContact(Orderable):
    """Whom to ask: shown to people signed in as members or staff only."""

    case_study = ParentalKey(CaseStudy, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ReviewState:
    """Where a case study stands in its review, as its Wagtail workflow states
    say: a draft (perhaps returned with the reviewer's comment), in review
    (with the revision sent), or approved (published or scheduled)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    status: str
    revision: Revision | None = None
    submitted_at: datetime.datetime | None = None
    submitted_by: object = None
    comment: str = ""
    decided_at: datetime.datetime | None = None
    decided_by: object = None

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @classmethod
    def of(cls, case_study: CaseStudy) -> ReviewState:
        state = case_study.workflow_states.select_related("requested_by").order_by("-pk").first()
        if state is None or not state.is_active:
            # Approved here, or published by the secretariat in /cms/ (which
            # cancels the workflow): approved while nothing newer waits.
            latest = case_study.latest_revision
            approved = latest is not None and (
                latest.pk == case_study.live_revision_id or latest.approved_go_live_at is not None
            )
            status = cls.Status.APPROVED if approved else cls.Status.DRAFT
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            status = cls.Status.RETURNED
        else:
            status = cls.Status.IN_REVIEW
        if state is None:
            return cls(status=status)
        current = state.current_task_state
        decided = (
            state.task_states.filter(
                status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED]
            )
            .select_related("finished_by")
            .order_by("-finished_at", "-pk")
            .first()
        )
        return cls(
            status=status,
            revision=current.revision if current else None,
            submitted_at=current.started_at if current else state.created_at,
            submitted_by=state.requested_by,
            comment=decided.comment if decided else "",
            decided_at=decided.finished_at if decided else None,
            decided_by=decided.finished_by if decided else None,
        )


class ReturnForm(TaskStateCommentForm):
    """Returning a case study in /cms/ asks what to change, as the pages do."""

    comment = forms.CharField(label=_("What the writers should change"), widget=forms.Textarea)


class OfficeReviewTask(Task):
    """A case study's review by the staff of an office covering its lead member,
    or by the secretariat (permissions.can_review_case_study): they approve it
    (it is published, or scheduled when its publication date is ahead) or return
    it with a comment (kept in the TaskState). Nobody else acts on it, in the
    pages, the API or /cms/ alike."""

    class Meta:
        verbose_name = _("office review task")
        verbose_name_plural = _("office review tasks")

    @classmethod
    def get_description(cls):
        return _("The offices covering a case study's lead member, or the secretariat, review it")

    def _reviews(self, obj, user) -> bool:
        # Imported here: the permissions module reads these models.
        from localaction.knowledge.permissions import can_review_case_study

        return isinstance(obj, CaseStudy) and can_review_case_study(user, obj)

    def get_actions(self, obj, user):
        if not self._reviews(obj, user):
            return []
        return [
            ("reject", _("Return with a comment"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        return ReturnForm if action == "reject" else TaskStateCommentForm

    def user_can_access_editor(self, obj, user):
        return self._reviews(obj, user)

    def locked_for_user(self, obj, user):
        return not self._reviews(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        covered = (
            CaseStudy.objects.filter(lead__in=covered_local_governments(user))
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=ContentType.objects.get_for_model(CaseStudy),
            workflow_state__object_id__in=covered,
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, comment="", go_live_at=None, **kwargs):
        case_study = task_state.workflow_state.content_object
        if action_name not in {name for name, _label, _modal in self.get_actions(case_study, user)}:
            raise PermissionDenied(
                gettext("Case studies of %s are reviewed by the offices covering it.")
                % case_study.lead
            )
        if action_name == "reject":
            if not comment.strip():
                raise ValidationError({"comment": gettext("Say what the writers should change.")})
            task_state.reject(user=user, comment=comment.strip())
        else:
            self._approve(task_state, user, comment, go_live_at)

    def _approve(self, task_state, user, comment: str, go_live_at) -> None:
        """Publish the revision reviewed — at once, or at `go_live_at` (the
        revision's own or the reviewer's) when the scheduled publishing runs."""
        revision = task_state.revision
        if go_live_at is not None:
            if go_live_at <= timezone.now():
                raise ValidationError({"go_live_at": gettext("A publication date must be ahead.")})
            scheduled = revision.as_object()
            scheduled.go_live_at = go_live_at
            revision = scheduled.save_revision(user=user, clean=False)
        task_state.approve(user=user, update=False, comment=comment)
        workflow_state = task_state.workflow_state
        if workflow_state.get_next_task() is not None:  # a task the secretariat added after
            workflow_state.update(user=user)
            return
        # Wagtail's own finish would publish with the approver's model
        # permissions, which offices do not hold: their right is this task's.
        workflow_state.status = WorkflowState.STATUS_APPROVED
        workflow_state.save()
        revision.publish(user=user, skip_permission_checks=True)
        workflow_approved.send(sender=WorkflowState, instance=workflow_state, user=user)


class Series(models.Model):
    """A series of the Agency's publications."""

    class Kind(models.TextChoices):
        HANDBOOK = "handbook", _("Handbook")
        MANUAL = "manual", _("Manual")
        REPORT = "report", _("Report")
        FACT_SHEET = "fact_sheet", _("Fact sheet")
        PERIODICAL = "periodical", _("Periodical")

    title = models.CharField(_("title"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    issn = models.CharField(_("ISSN"), max_length=9, blank=True)
    description = models.TextField(_("description"), max_length=COMMENT_LENGTH, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:publications") + f"#series-{self.slug}"

    def clean(self) -> None:
        if self.issn:
            try:
                self.issn = issn.format(issn.validate(self.issn))
            except Exception:
                raise ValidationError(
                    {"issn": gettext("“%(value)s” is not a valid ISSN.") % {"value": self.issn}}
                ) from None


class Publication(DraftStateMixin, RevisionMixin, TranslatableMixin, ClusterableModel):
    """An issue of a series: a handbook, a report, a fact sheet, a periodical's number."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="publications", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    number = models.CharField(_("number"), max_length=20, blank=True)
    volume = models.CharField(_("volume"), max_length=20, blank=True)
    published_on = models.DateField(_("date of publication"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=17, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    abstract = RichTextField(_("abstract"), blank=True, max_length=DESCRIPTION_LENGTH)
    campaigns = ParentalManyToManyField(
        Campaign, blank=True, related_name="publications", verbose_name=_("campaigns")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["-published_on", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"],
                name="one_publication_slug_per_language",
                violation_error_message=_("A publication in this language has this slug already."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:publication", args=[self.pk])

    @property
    def language(self) -> str:
        return self.locale.language_code

    def clean(self) -> None:
        super().clean()
        self.abstract = richtext.clean(self.abstract)
        if self.isbn:
            try:
                # ISBN-10 are given as ISBN-13 (the 978 prefix), with hyphens.
                self.isbn = isbn.format(isbn.validate(self.isbn), convert=True)
            except Exception:
                raise ValidationError(
                    {"isbn": gettext("“%(value)s” is not a valid ISBN.") % {"value": self.isbn}}
                ) from None
            # An ISBN names one edition in one language: a translation has its own.
            holder = Publication.objects.filter(isbn=self.isbn).exclude(pk=self.pk).first()
            if holder is not None:
                raise ValidationError(
                    {
                        "isbn": gettext(
                            "The ISBN %(isbn)s is the ISBN of “%(title)s” already; each "
                            "edition and each language version has its own."
                        )
                        % {"isbn": self.isbn, "title": holder.title}
                    }
                )

    def save(self, *args, **kwargs):
        self.abstract = richtext.clean(self.abstract)
        super().save(*args, **kwargs)


class PublicationFile(models.Model):
    """A publication's PDF in one language, and how often it was downloaded.

    Kept outside the publication's revisions: publishing a revision must not
    roll its download count back."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="publication_files",
        verbose_name=_("PDF file"),
    )
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    class Meta:
        ordering = ["publication", "language"]
        verbose_name = _("publication file")
        verbose_name_plural = _("publication files")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language"],
                name="one_publication_file_per_language",
                violation_error_message=_("The publication has a file in this language already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("knowledge:download", args=[self.pk])


class RecognitionQuerySet(models.QuerySet):
    def public(self):
        """Recognitions of published members (a recognition is a public act)."""
        return self.filter(local_government__is_published=True)


class Recognition(models.Model):
    """An award or good-practice label an office gives a member, for a case
    study or an achievement."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        LABEL = "label", _("Good-practice label")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("office")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name of the award or label"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[InBounds("YEAR")])
    citation = models.TextField(_("citation"), max_length=COMMENT_LENGTH)
    case_study = models.ForeignKey(
        CaseStudy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recognitions",
        verbose_name=_("case study"),
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.local_government}"

    def clean(self) -> None:
        if self.year and self.year > timezone.localdate().year:
            raise ValidationError(
                {"year": gettext("A recognition is not given for a future year.")}
            )
        if (
            self.case_study_id
            and self.local_government_id
            and self.local_government_id not in self.case_study.member_ids()
        ):
            raise ValidationError(
                {"case_study": gettext("The member is not one of the case study's members.")}
            )
