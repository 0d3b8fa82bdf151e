"""The Agency's information services: case studies, publications, recognition.

Case studies and publications are Wagtail content: drafts and revisions
(`DraftStateMixin`, `RevisionMixin`: a later edit of a published one is a new
revision while the published one stays live), language versions
(`TranslatableMixin`: a translation is another object with the same
`translation_key` in another locale) and clusters (`ClusterableModel`: the
members, campaigns, figures and contacts travel with each revision).

The editorial review of a case study is kept beside it, not in its revisions
(`CaseStudyReview`): publishing a revision re-saves the case study from that
revision's content, which must not roll a review's state back.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from stdnum import isbn, issn
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin

from localaction import richtext
from localaction.campaigns.models import Action, Campaign, Target
from localaction.core import gpc
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.inventories.models import Inventory, InventoryLevelCO2e
from localaction.network.models import LocalGovernment, Office
from localaction.validators import InBounds

RICH_TEXT_FIELDS = ("problem", "approach", "lessons")


def _sector_choices():
    return [(sector.ref, f"{sector.ref} {sector.name}") for sector in gpc.SECTORS]


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """What anyone may read: the live version."""
        return self.filter(live=True)


class CaseStudy(DraftStateMixin, RevisionMixin, TranslatableMixin, ClusterableModel):
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

    objects = PublishedQuerySet.as_manager()

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


class CaseStudyReview(models.Model):
    """Where a case study stands in its editorial review: a draft (perhaps
    returned with the reviewer's comment) or in review, with the revision that
    was submitted. Publication itself is Wagtail's (`live`, revisions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    case_study = models.OneToOneField(CaseStudy, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("reviewer's comment"), max_length=COMMENT_LENGTH, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.case_study}: {self.get_status_display()}"


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
