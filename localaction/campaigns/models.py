"""The performance-oriented campaign method: methodologies and their milestones,
campaigns that run them, local governments that take part, and what they
commit to and do — targets, forecasts, local action plans and actions.

Milestones are recognised from the data where a methodology says how (an
inventory and a forecast, an adopted target, an adopted plan, actions under
way, a later inventory, or any rule an instrument registers in
`campaigns.recognition`); people record the rest and offices verify them.
"""

from __future__ import annotations

import math
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.campaigns import recognition
from localaction.core import gpc
from localaction.core.gwp import GASES, GWP_SETS
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.core.targets import Target as CoreTarget
from localaction.core.targets import TargetError, TargetType
from localaction.core.units import UnitError, parse_unit
from localaction.inventories.models import FIRST_YEAR, Inventory
from localaction.network.models import LocalGovernment, Office, Region
from localaction.validators import DOCUMENT_VALIDATORS, InBounds, InDates

# Dates of things that happen: within the bounds of core.quantities.DATE.
DATES = [InDates("DATE")]

# Campaign codes the site's own pages use (campaigns/new/).
RESERVED_CAMPAIGN_CODES = frozenset({"new"})

# The farthest a target may look ahead.
LAST_TARGET_YEAR = 2100


def _document_path(instance, filename: str) -> str:
    # Grouped by local government, so a member's files can be found and removed together.
    return f"documents/{instance.local_government_id}/{Path(filename).name}"


def _sector_choices() -> list[tuple[str, str]]:
    return [(sector.ref, f"{sector.ref} {sector.name}") for sector in gpc.SECTORS]


class Methodology(models.Model):
    """An ordered set of milestones a campaign's participants pass."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """One step of a methodology: what it requires and what evidence proves it."""

    class Recognition(models.TextChoices):
        """The rules of campaigns' own records (`campaigns.evidence`); the
        instruments above register theirs in `campaigns.recognition`."""

        INVENTORY_AND_FORECAST = "inventory_and_forecast", _("A submitted inventory and a forecast")
        GHG_TARGET = "ghg_target", _("An adopted GHG target")
        CAMPAIGN_TARGET = "campaign_target", _("An adopted target set for the campaign")
        ACTION_PLAN = "action_plan", _("An adopted action plan for the campaign or for all")
        ACTIONS_UNDER_WAY = (
            "actions_under_way",
            _("An action for the campaign or for all, in progress or completed"),
        )
        LATER_INVENTORY = "later_inventory", _("A later inventory submitted")

    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="milestones"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    requires = models.TextField(_("what it requires"), blank=True)
    evidence = models.TextField(_("evidence that proves it"), blank=True)
    recognised_from = models.CharField(
        _("recognised from data"),
        max_length=recognition.CODE_LENGTH,
        choices=recognition.choices,
        blank=True,
        help_text=_("The platform marks the milestone achieved when the data show it."),
    )

    class Meta:
        ordering = ["methodology", "number"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "number"], name="one_milestone_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def deletion_refusal(self) -> str | None:
        """Why the milestone may not be deleted, or None: participants' recorded
        progress stays (the database protects it too)."""
        if self.progress.exists():
            return gettext(
                "Participants have recorded progress on milestone %(number)s; it cannot be removed."
            ) % {"number": self.number}
        return None


class Campaign(models.Model):
    """A methodology run in given regions (all, when none are named), coordinated
    by an office."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("methodology"),
    )
    aims = models.TextField(_("aims"), max_length=DESCRIPTION_LENGTH, blank=True)
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="campaigns",
        verbose_name=_("regions"),
        help_text=_("Where the campaign runs; none for worldwide."),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("coordinating office"),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True, validators=DATES)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=DATES)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        ordering = ["name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.code])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        # /campaigns/new/ is the page that adds a campaign.
        if self.code in RESERVED_CAMPAIGN_CODES:
            errors["code"] = gettext(
                "“%(code)s” is taken by the site's own pages; choose another code."
            ) % {"code": self.code}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = gettext("The campaign ends before it starts.")
        if errors:
            raise ValidationError(errors)

    def runs_in(self, local_government: LocalGovernment) -> bool:
        """Whether the local government lies in one of the campaign's regions."""
        region_ids = {region.pk for region in self.regions.all()}
        return not region_ids or local_government.country.region_id in region_ids


class Participation(models.Model):
    """A local government taking part in a campaign, member of the association or
    not, from the date of its council's resolution."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("local government"),
    )
    joined_on = models.DateField(_("date of the council resolution"), validators=DATES)
    resolution = models.FileField(
        _("council resolution"),
        upload_to=_document_path,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    resolution_url = models.URLField(_("link to the resolution"), blank=True)
    withdrawn_on = models.DateField(_("withdrew on"), null=True, blank=True, validators=DATES)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "local_government__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "local_government"], name="one_participation_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse(
            "campaigns:participation", args=[self.campaign.code, self.local_government.code]
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.joined_on and self.joined_on > timezone.localdate():
            errors["joined_on"] = gettext("The council resolution cannot be dated in the future.")
        if self.withdrawn_on and self.joined_on and self.withdrawn_on < self.joined_on:
            errors["withdrawn_on"] = gettext("A participant cannot withdraw before joining.")
        if (
            self.campaign_id
            and self.local_government_id
            and not self.campaign.runs_in(self.local_government)
        ):
            errors["local_government"] = gettext("%(campaign)s does not run in %(region)s.") % {
                "campaign": self.campaign,
                "region": self.local_government.country.region.display_name,
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class MilestoneProgress(models.Model):
    """Where one participant stands on one milestone, as people recorded it.

    No row means not started. The platform may know more than the row says:
    see `campaigns.services.milestone_states`, which adds what the data prove.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        VERIFIED = "verified", _("Verified")

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="+"
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="milestones"
    )
    # Recorded progress outlives no milestone by accident: a milestone with progress
    # is not deleted, whichever door asks (API, admin, a methodology's new milestones).
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True, validators=DATES)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True, validators=DATES)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, validators=DATES)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    # Evidence: a file, a link, or an object in the platform.
    evidence_file = models.FileField(
        _("evidence file"), upload_to=_document_path, blank=True, validators=DOCUMENT_VALIDATORS
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    inventory = models.ForeignKey(
        Inventory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inventory"),
    )
    target = models.ForeignKey(
        "Target",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target"),
    )
    action_plan = models.ForeignKey(
        "ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action plan"),
    )
    note = models.TextField(_("note"), max_length=COMMENT_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["participation", "milestone__number"]
        verbose_name = _("milestone progress")
        verbose_name_plural = _("milestone progress")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "milestone"], name="one_progress_per_milestone"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_by__isnull=False),
                name="verified_milestone_names_its_verifier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation}: {self.milestone}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.participation_id
            and self.milestone_id
            and self.milestone.methodology_id != self.participation.campaign.methodology_id
        ):
            errors["milestone"] = gettext("The milestone belongs to another methodology.")
        for name in ("inventory", "target", "action_plan"):
            evidence = getattr(self, name)
            if evidence is not None and evidence.local_government_id != self.local_government_id:
                errors[name] = gettext("Evidence must belong to the participant.")
        if self.status == self.Status.VERIFIED and self.verified_by_id is None:
            errors["status"] = gettext(
                "A verified milestone names the office user who verified it."
            )
        if errors:
            raise ValidationError(errors)


class Forecast(models.Model):
    """How a local government expects its emissions to grow without new action.

    The forecast starts from the latest inventory; each GPC sector grows at its
    own rate (percent a year) or, without one, at the default rate — by
    default the local government's population growth.
    """

    local_government = models.OneToOneField(
        LocalGovernment, on_delete=models.CASCADE, related_name="forecast"
    )
    default_growth_percent = models.FloatField(
        _("default growth (% a year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-50.0), MaxValueValidator(50.0)],
        help_text=_("Blank: the population growth rate, or 0 when unknown."),
    )
    sector_growth_percent = models.JSONField(
        _("growth by sector (% a year)"), default=dict, blank=True
    )
    note = models.TextField(_("assumptions"), max_length=DESCRIPTION_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")

    def __str__(self) -> str:
        return gettext("Forecast of %(name)s") % {"name": self.local_government}

    def clean(self) -> None:
        problems = []
        sectors = {sector.ref for sector in gpc.SECTORS}
        for sector, rate in (self.sector_growth_percent or {}).items():
            if sector not in sectors:
                problems.append(gettext("%(sector)s is not a GPC sector.") % {"sector": sector})
            elif (
                not isinstance(rate, int | float)
                or not math.isfinite(rate)
                or not -50 <= rate <= 50
            ):
                problems.append(
                    gettext("The growth of sector %(sector)s lies between -50 and 50 %% a year.")
                    % {"sector": sector}
                )
        if problems:
            raise ValidationError({"sector_growth_percent": problems})

    @property
    def growth_percent(self) -> float:
        """The rate sectors without their own grow at (percent a year)."""
        if self.default_growth_percent is not None:
            return self.default_growth_percent
        return self.local_government.population_growth_percent or 0.0


class Coverage(models.TextChoices):
    BASIC = gpc.Level.BASIC.value, _("BASIC")
    BASIC_PLUS = gpc.Level.BASIC_PLUS.value, _("BASIC+")


class TargetQuerySet(models.QuerySet):
    def adopted(self) -> TargetQuerySet:
        return self.filter(adopted_on__isnull=False)

    def ghg(self) -> TargetQuerySet:
        return self.exclude(type=Target.Type.INDICATOR)


class Target(models.Model):
    """A goal a local government commits to: a GHG target of one of the four
    Mitigation Goal Standard types, or an indicator target (renewable energy
    share, energy or water savings) with a unit, base value and target value."""

    class Type(models.TextChoices):
        BASE_YEAR = TargetType.BASE_YEAR.value, _("Base year")
        FIXED_LEVEL = TargetType.FIXED_LEVEL.value, _("Fixed level")
        INTENSITY = TargetType.INTENSITY.value, _("Intensity")
        BASELINE_SCENARIO = TargetType.BASELINE_SCENARIO.value, _("Baseline scenario (BAU)")
        INDICATOR = "indicator", _("Indicator (not GHG)")

    class IntensityPer(models.TextChoices):
        INHABITANT = "inhabitant", _("per inhabitant")
        ECONOMIC_OUTPUT = "economic_output", _("per unit of economic output")

    class Indicator(models.TextChoices):
        RENEWABLE_SHARE = "renewable_share", _("Renewable energy share")
        ENERGY_SAVINGS = "energy_savings", _("Energy savings")
        WATER_SAVINGS = "water_savings", _("Water savings")
        OTHER = "other", _("Other")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("local government"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("campaign"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    base_year = models.PositiveSmallIntegerField(_("base year"), validators=[InBounds("YEAR")])
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MaxValueValidator(LAST_TARGET_YEAR), InBounds("YEAR")]
    )
    reduction_percent = models.FloatField(
        _("reduction (%)"),
        null=True,
        blank=True,
        help_text=_("Below the base year, the intensity or business as usual."),
    )
    level_tco2e = models.FloatField(
        _("fixed level (t CO2e)"),
        null=True,
        blank=True,
        help_text=_("The emissions allowed in the target year, for a fixed-level target."),
        validators=[InBounds("TONNES_CO2E")],
    )
    # Coverage of a GHG target.
    coverage = models.CharField(
        _("coverage"), max_length=12, choices=Coverage.choices, default=Coverage.BASIC
    )
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, help_text=_("GPC sectors covered; none for all.")
    )
    gases = models.JSONField(
        _("gases"), default=list, blank=True, help_text=_("Gases covered; none for all.")
    )
    gwp_set = models.CharField(
        _("GWP set"),
        max_length=20,
        default="AR6GWP100",
        choices=[(name, name) for name in GWP_SETS],
    )
    # Intensity targets: the activity the intensity is expressed per.
    intensity_per = models.CharField(
        _("intensity per"), max_length=20, choices=IntensityPer.choices, blank=True
    )
    activity_unit = models.CharField(
        _("activity unit"),
        max_length=40,
        blank=True,
        help_text=_("For economic output, e.g. million USD."),
    )
    base_activity = models.FloatField(
        _("activity in the base year"),
        null=True,
        blank=True,
        help_text=_("Inhabitants or economic output; blank for inhabitants: the population."),
        validators=[InBounds("ACTIVITY")],
    )
    target_activity = models.FloatField(
        _("activity in the target year"),
        null=True,
        blank=True,
        help_text=_(
            "Blank: projected from the base year — inhabitants at the population growth "
            "rate, economic output at the forecast's default growth rate."
        ),
        validators=[InBounds("ACTIVITY")],
    )
    # Indicator targets.
    indicator = models.CharField(
        _("indicator"), max_length=20, choices=Indicator.choices, blank=True
    )
    indicator_unit = models.CharField(_("unit"), max_length=30, blank=True)
    base_value = models.FloatField(
        _("base value"), null=True, blank=True, validators=[InBounds("INDICATOR_VALUE")]
    )
    target_value = models.FloatField(
        _("target value"), null=True, blank=True, validators=[InBounds("INDICATOR_VALUE")]
    )

    is_conditional = models.BooleanField(
        _("conditional"),
        default=False,
        help_text=_("The target depends on support from outside, e.g. national funding."),
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("The date of council adoption."),
        validators=[InDates("ADOPTION", until_today=True)],
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "target_year", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        indexes = [models.Index(fields=["local_government", "target_year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:target", args=[self.local_government.code, self.pk])

    @property
    def is_ghg(self) -> bool:
        return self.type != self.Type.INDICATOR

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    def as_core(self) -> CoreTarget:
        """The target as the core method reads it (GHG targets only)."""
        return CoreTarget(
            TargetType(self.type),
            self.base_year,
            self.target_year,
            reduction_percent=self.reduction_percent,
            level_t=self.level_tco2e,
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.base_year is not None and self.base_year < FIRST_YEAR:
            refuse(
                "base_year",
                gettext("A base year lies in %(first)s or later.") % {"first": FIRST_YEAR},
            )
        if self.type == self.Type.INDICATOR:
            self._clean_indicator(refuse)
        elif self.type and self.base_year is not None and self.target_year is not None:
            self._clean_ghg(refuse)
        if errors:
            raise ValidationError(errors)

    def _clean_ghg(self, refuse) -> None:
        try:
            self.as_core()
        except TargetError as error:
            field = {"level_t": "level_tco2e"}.get(error.field, error.field)
            refuse(field, _core_message(error))
        sectors = {sector.ref for sector in gpc.SECTORS}
        unknown = [ref for ref in self.sectors or [] if ref not in sectors]
        if unknown:
            refuse(
                "sectors",
                gettext("Not GPC sectors: %(refs)s.") % {"refs": ", ".join(map(str, unknown))},
            )
        unknown = [name for name in self.gases or [] if name not in GASES]
        if unknown:
            refuse(
                "gases",
                gettext("Not Kyoto gases: %(names)s.") % {"names": ", ".join(map(str, unknown))},
            )
        if self.type == self.Type.INTENSITY:
            if not self.intensity_per:
                refuse("intensity_per", gettext("Say what the intensity is expressed per."))
            elif self.intensity_per == self.IntensityPer.ECONOMIC_OUTPUT and (
                not self.activity_unit or self.base_activity is None
            ):
                refuse(
                    "base_activity",
                    gettext(
                        "An intensity target per unit of economic output needs activity data: "
                        "the unit and the base-year output."
                    ),
                )
            elif (
                self.base_activity is None
                and self.local_government_id
                and not (self.local_government.population)
            ):
                refuse(
                    "base_activity",
                    gettext(
                        "An intensity target needs activity data: give the base-year "
                        "inhabitants, or the local government's population."
                    ),
                )
        if self.local_government_id and self.base_year:
            has_inventory = Inventory.objects.filter(
                local_government_id=self.local_government_id, year=self.base_year
            ).exists()
            if not has_inventory:
                refuse(
                    "base_year",
                    gettext("%(name)s has no inventory for the base year %(year)s.")
                    % {"name": self.local_government, "year": self.base_year},
                )

    def _clean_indicator(self, refuse) -> None:
        if not self.indicator:
            refuse("indicator", gettext("Say which indicator the target is set on."))
        if not self.indicator_unit:
            refuse("indicator_unit", gettext("An indicator target states its unit."))
        else:
            try:
                parse_unit(self.indicator_unit)
            except UnitError as error:
                refuse("indicator_unit", str(error))
        for field in ("base_value", "target_value"):
            value = getattr(self, field)
            if value is None:
                refuse(field, gettext("An indicator target states its base and target values."))
        if (
            self.target_year is not None
            and self.base_year is not None
            and self.target_year <= self.base_year
        ):
            refuse("target_year", gettext("The target year must come after the base year."))


def _core_message(error: TargetError) -> str:
    """The core's reasons, in the user's language."""
    return {
        "target_year": gettext("The target year must come after the base year."),
        "reduction_percent": gettext("A reduction lies between 0 % and 100 %."),
        "level_t": gettext("A fixed-level target states its level: tonnes CO2e, zero or more."),
    }.get(error.field, str(error))


class ActionPlanQuerySet(models.QuerySet):
    def adopted(self) -> ActionPlanQuerySet:
        return self.filter(adopted_on__isnull=False)


class ActionPlan(models.Model):
    """A local action plan: the actions a council adopted together."""

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("local government"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("campaign"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    adopted_on = models.DateField(
        _("adopted by the council on"),
        null=True,
        blank=True,
        validators=[InDates("ADOPTION", until_today=True)],
    )
    document = models.FileField(
        _("document"), upload_to=_document_path, blank=True, validators=DOCUMENT_VALIDATORS
    )
    url = models.URLField(_("link"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "-adopted_on", "pk"]
        verbose_name = _("local action plan")
        verbose_name_plural = _("local action plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:action_plan", args=[self.local_government.code, self.pk])


class Action(models.Model):
    """A policy or measure, with its estimated annual impact: tonnes CO2e reduced,
    or another quantity in its own unit (MWh saved, m³ of water, hectares)."""

    class Kind(models.TextChoices):
        MITIGATION = "mitigation", _("Mitigation")
        ADAPTATION = "adaptation", _("Adaptation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class CoBenefit(models.TextChoices):
        AIR_QUALITY = "air_quality", _("Air quality")
        HEALTH = "health", _("Health")
        JOBS = "jobs", _("Jobs and local economy")
        ENERGY_SECURITY = "energy_security", _("Energy security")
        COST_SAVINGS = "cost_savings", _("Cost savings")
        RESILIENCE = "resilience", _("Resilience")
        BIODIVERSITY = "biodiversity", _("Biodiversity")
        WATER = "water", _("Water")
        SOCIAL_INCLUSION = "social_inclusion", _("Social inclusion")
        MOBILITY = "mobility", _("Mobility")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("local government"),
    )
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("action plan"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("campaign"),
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("target"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MITIGATION)
    sector = models.CharField(_("GPC sector"), max_length=4, choices=_sector_choices(), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=DATES)
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=DATES)
    cost = models.DecimalField(
        _("cost"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR.")
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    impact_tco2e = models.FloatField(
        _("estimated reduction (t CO2e a year)"),
        null=True,
        blank=True,
        validators=[InBounds("REDUCTION_TCO2E")],
    )
    impact_amount = models.FloatField(
        _("other estimated impact (a year)"),
        null=True,
        blank=True,
        validators=[InBounds("IMPACT_AMOUNT")],
    )
    impact_unit = models.CharField(
        _("unit of the other impact"),
        max_length=30,
        blank=True,
        help_text=_("e.g. MWh, m³, ha."),
    )
    co_benefits = models.JSONField(_("co-benefits"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["local_government", "plan", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["local_government", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:action", args=[self.local_government.code, self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("The action ends before it starts.")
        if self.cost is not None and not self.currency:
            errors["currency"] = gettext("A cost states its currency.")
        if self.currency and not (len(self.currency) == 3 and self.currency.isalpha()):
            errors["currency"] = gettext("A currency is a three-letter ISO 4217 code.")
        if self.impact_amount is not None and not self.impact_unit:
            errors["impact_unit"] = gettext("Other impacts state their unit.")
        if self.impact_unit:
            try:
                parse_unit(self.impact_unit)
            except UnitError as error:
                errors["impact_unit"] = str(error)
        unknown = [code for code in self.co_benefits or [] if code not in self.CoBenefit.values]
        if unknown:
            errors["co_benefits"] = gettext("Unknown co-benefits: %(codes)s.") % {
                "codes": ", ".join(map(str, unknown))
            }
        for name in ("plan", "target"):
            related = getattr(self, name)
            if related is not None and related.local_government_id != self.local_government_id:
                errors[name] = gettext("It must belong to the same local government.")
        if errors:
            raise ValidationError(errors)
