"""A strategic plan: its parts (the three faces: Association, Movement,
Agency), their areas (2.1 Membership … 4.4 Technical Services and
Consultancy, with sub-areas such as 3.1.2), each with a vision, an approach
and lettered goals (2.1c).

A plan is drafted, then adopted by a decision of the Executive Committee or
the Council (`strategy.services.adopt_plan`), which supersedes the plan
adopted before it; one plan at most is adopted at a time. An adopted or
superseded plan is fixed: its next plan is drafted from it and changed
instead.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.governance.models import Decision
from localaction.validators import InBounds

validate_part_number = RegexValidator(
    r"^[1-9][0-9]?$", _("A part's number is a whole number, such as 2.")
)
validate_area_number = RegexValidator(
    r"^[1-9][0-9]?(\.[1-9][0-9]?)+$",
    _("An area's number is its part's number and one or more numbers after dots, such as 2.1."),
)
validate_goal_letter = RegexValidator(
    r"^[a-z]$", _("A goal's letter is one lowercase letter, such as c.")
)


def number_key(number: str) -> tuple[int, ...]:
    """ "3.1.10" after "3.1.9": numbers sorted as numbers, not as text."""
    return tuple(int(piece) for piece in number.split("."))


class StrategicPlan(models.Model):
    """A plan of some years, drafted from the one before it (`previous`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=[InBounds("YEAR")])
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=[InBounds("YEAR")])
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    adopted_by = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategic_plans",
        verbose_name=_("adopted by"),
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adoption_note = models.TextField(
        _("adoption note"),
        blank=True,
        help_text=_("How the plan was adopted when no decision on the platform records it."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("previous plan"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-first_year", "-pk"]
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="adopted"),
                name="one_adopted_strategic_plan",
                violation_error_message=_("Another plan is adopted."),
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="strategic_plan_years_in_order",
                violation_error_message=_("The last year comes after the first."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The title in the active language (the Cape Town Plan's is in the
        catalogue; one typed in later is shown as typed)."""
        return gettext(self.title)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": gettext("The last year comes after the first.")})

    def ordered_areas(self) -> list[Area]:
        """The plan's areas in the plan's order (by number), goals prefetched."""
        areas = self.areas.select_related("part").prefetch_related("goals")
        return sorted(areas, key=lambda area: number_key(area.number))


class Part(models.Model):
    """One of the plan's faces: 2 The Association, 3 The Movement, 4 The Agency."""

    plan = models.ForeignKey(
        StrategicPlan, on_delete=models.CASCADE, related_name="parts", verbose_name=_("plan")
    )
    number = models.CharField(_("number"), max_length=2, validators=[validate_part_number])
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="one_part_per_number",
                violation_error_message=_("The plan already has a part of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#part-{self.number}"


class Area(models.Model):
    """An area of a part (2.1 Membership) or a sub-area of one (3.1.2): its
    vision, its approach and its goals. An area whose sub-areas carry the
    goals (3.1) has none of its own."""

    plan = models.ForeignKey(
        StrategicPlan,
        on_delete=models.CASCADE,
        related_name="areas",
        editable=False,
        verbose_name=_("plan"),
    )
    part = models.ForeignKey(
        Part, on_delete=models.CASCADE, related_name="areas", verbose_name=_("part")
    )
    number = models.CharField(_("number"), max_length=12, validators=[validate_area_number])
    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(_("vision"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "number"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="one_area_per_number",
                violation_error_message=_("The plan already has an area of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.plan_id = self.part.plan_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#area-{self.number}"

    @property
    def depth(self) -> int:
        """2 for an area (2.1), 3 for a sub-area (3.1.2)."""
        return self.number.count(".") + 1

    def clean(self) -> None:
        if self.part_id and self.number and not self.number.startswith(f"{self.part.number}."):
            raise ValidationError(
                {
                    "number": gettext(
                        "An area of part %(part)s has a number starting with "
                        "“%(part)s.”, such as %(part)s.1."
                    )
                    % {"part": self.part.number}
                }
            )


class Goal(models.Model):
    """A lettered goal of an area (2.1c): a short title, and the plan's full text
    as the secretariat enters it."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="goals", verbose_name=_("area")
    )
    letter = models.CharField(_("letter"), max_length=1, validators=[validate_goal_letter])
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("full text"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["area", "order", "letter"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "letter"],
                name="one_goal_per_letter",
                violation_error_message=_("The area already has a goal of this letter."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.area.plan.get_absolute_url()}#goal-{self.reference}"

    @property
    def reference(self) -> str:
        """The goal as the plan cites it: 2.1c."""
        return f"{self.area.number}{self.letter}"
