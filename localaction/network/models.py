"""The Association's register: regions, offices, local governments and memberships."""

from __future__ import annotations

import datetime
from functools import cache, cached_property

import pycountry
from babel import Locale
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, hyphens and underscores, starting with a letter or digit."),
)


class Region(models.Model):
    """A world region of the network; every country belongs to exactly one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        # The default names are in the translation catalogue; a name the
        # secretariat types in later is shown as typed.
        return gettext(self.name)


class Country(models.Model):
    """An ISO 3166-1 country and the network region it belongs to."""

    code = models.CharField(_("ISO 3166-1 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated_country_name(self.code, self.name)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


def active_locale() -> Locale:
    """The CLDR locale of the active language: names of countries and languages in it."""
    return _locale(get_language() or settings.LANGUAGE_CODE)


def translated_country_name(code: str, name: str) -> str:
    """The country's usual name in the active language (CLDR), else its ISO name."""
    return active_locale().territories.get(code, name)


class OfficeQuerySet(models.QuerySet):
    def world_secretariat(self) -> Office | None:
        return self.filter(kind=Office.Kind.WORLD).first()


class Office(models.Model):
    """The World Secretariat, a regional secretariat or a country office."""

    class Kind(models.TextChoices):
        WORLD = "world", _("World Secretariat")
        REGIONAL = "regional", _("Regional secretariat")
        COUNTRY = "country", _("Country office")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seat"),
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="offices", verbose_name=_("regions covered")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="offices", verbose_name=_("countries covered")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="world"),
                name="one_world_secretariat",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:office", args=[self.code])


class LocalGovernmentQuerySet(models.QuerySet):
    def published(self) -> LocalGovernmentQuerySet:
        return self.filter(is_published=True)

    def in_regions(self, region_ids) -> LocalGovernmentQuerySet:
        return self.filter(country__region__in=region_ids)

    def covered_by(self, *, region_ids, country_codes) -> LocalGovernmentQuerySet:
        """Those in any of the regions or countries (an office's coverage)."""
        return self.filter(Q(country__region__in=region_ids) | Q(country__in=country_codes))

    def with_membership(self) -> LocalGovernmentQuerySet:
        """Annotate the status and type of each one's latest membership."""
        latest = Membership.objects.filter(local_government=OuterRef("pk")).order_by(
            "-applied_on", "-pk"
        )
        return self.annotate(
            membership_status=Subquery(latest.values("status")[:1]),
            membership_type=Subquery(latest.values("type")[:1]),
        )

    def with_membership_status(self, status: str) -> LocalGovernmentQuerySet:
        """Those whose latest membership has this status; `none` for non-members."""
        annotated = self.with_membership()
        if status == "none":
            return annotated.filter(membership_status__isnull=True)
        return annotated.filter(membership_status=status)


class LocalGovernment(models.Model):
    """A city, county, metropolitan area, regional government or association of them."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County or district")
        METROPOLITAN = "metropolitan", _("Metropolitan area")
        REGIONAL = "regional", _("Regional government")
        ASSOCIATION = "association", _("Local-government association")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("Stable identifier used by every import and command, e.g. de-freiburg."),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="local_governments",
        verbose_name=_("country"),
    )
    subdivision = models.CharField(
        _("subdivision"),
        max_length=6,
        blank=True,
        help_text=_("ISO 3166-2 code, e.g. DE-BW."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    population_growth_percent = models.FloatField(
        _("population growth (% a year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-50.0), MaxValueValidator(50.0)],
        help_text=_("Average annual growth; the emissions forecast grows at this rate by default."),
    )
    area_km2 = models.FloatField(
        _("area (km²)"), null=True, blank=True, validators=[MinValueValidator(0.0)]
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)],
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent jurisdiction"),
        help_text=_("The larger local government that contains this one."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639 codes of the working languages, e.g. de, en."),
    )
    website = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Published profiles are visible to everyone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                name="latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                name="longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(area_km2__gte=0) | Q(area_km2__isnull=True),
                name="area_not_negative",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="not_its_own_parent"),
        ]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:local-government", args=[self.code])

    @property
    def region(self) -> Region:
        return self.country.region

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.subdivision:
            self.subdivision = self.subdivision.upper()
            if subdivision_error := subdivision_problem(self.subdivision, self.country_id):
                errors.setdefault("subdivision", []).append(subdivision_error)
        self.languages = [str(code).strip().lower() for code in self.languages or []]
        for code in self.languages:
            if not is_language_code(code):
                errors.setdefault("languages", []).append(
                    gettext("'%(code)s' is not an ISO 639 language code.") % {"code": code}
                )
        if self.pk and self.parent_id and self.pk in self.ancestor_ids(self.parent):
            errors.setdefault("parent", []).append(
                gettext("A local government cannot contain itself (a cycle of parents).")
            )
        if errors:
            raise ValidationError(errors)

    def ancestor_ids(self, start: LocalGovernment | None) -> list[int]:
        """The ids of `start` and the chain of its parents, stopping at a cycle."""
        seen: list[int] = []
        node = start
        while node is not None and node.pk not in seen:
            seen.append(node.pk)
            node = node.parent
        return seen

    @cached_property
    def current_membership(self) -> Membership | None:
        return self.memberships.order_by("-applied_on", "-pk").first()

    @property
    def membership_status_label(self) -> str:
        """The label of the status annotated by `with_membership()`."""
        status = getattr(self, "membership_status", None)
        return Membership.Status(status).label if status else ""

    def languages_display(self) -> list[str]:
        return [language_name(code) for code in self.languages]


def subdivision_problem(code: str, country_code: str | None) -> str | None:
    """Why `code` is not an ISO 3166-2 subdivision of the country, or None when it is."""
    if pycountry.subdivisions.get(code=code) is None:
        return gettext("'%(code)s' is not an ISO 3166-2 subdivision code.") % {"code": code}
    if country_code and not code.startswith(f"{country_code}-"):
        return gettext("'%(code)s' is not a subdivision of %(country)s.") % {
            "code": code,
            "country": country_code,
        }
    return None


def is_language_code(code: str) -> bool:
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    return len(code) == 3 and pycountry.languages.get(alpha_3=code) is not None


def language_name(code: str) -> str:
    """The language's name in the active language (CLDR), else its ISO 639 name."""
    if name := active_locale().languages.get(code):
        return name
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    language = language or pycountry.languages.get(alpha_3=code)
    return language.name if language else code


OPEN_MEMBERSHIP_EXISTS = _("This local government already has an open membership.")


class MembershipQuerySet(models.QuerySet):
    def open(self) -> MembershipQuerySet:
        return self.filter(status__in=Membership.OPEN_STATUSES)


class Membership(models.Model):
    """A local government's membership of the Association, from application to its end.

    Taking part in a campaign does not need one: membership is a relation with
    its own history, not a flag on the local government.
    """

    class Type(models.TextChoices):
        FULL = "full", _("Full member")
        ASSOCIATE = "associate", _("Associate member")
        ASSOCIATION = "association", _("Association member")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.APPLIED, Status.APPROVED, Status.ACTIVE)
    # Which status may follow which; the date each transition stamps.
    TRANSITIONS = {
        Status.APPLIED: {Status.APPROVED, Status.WITHDRAWN},
        Status.APPROVED: {Status.ACTIVE, Status.WITHDRAWN},
        Status.ACTIVE: {Status.LAPSED, Status.WITHDRAWN},
        Status.LAPSED: {Status.ACTIVE, Status.WITHDRAWN},
        Status.WITHDRAWN: set(),
    }

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("local government"),
    )
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.FULL)
    # Blank in forms: left empty, the type's default category is given (clean, save).
    category = models.ForeignKey(
        "MembershipCategory",
        on_delete=models.PROTECT,
        blank=True,
        related_name="memberships",
        verbose_name=_("category"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    applied_on = models.DateField(_("applied on"), default=datetime.date.today)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    started_on = models.DateField(_("active since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_memberships",
        verbose_name=_("approved by"),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government"],
                condition=Q(status__in=["applied", "approved", "active"]),
                name="one_open_membership_per_local_government",
                violation_error_message=OPEN_MEMBERSHIP_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=models.F("applied_on")),
                name="approved_after_applied",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("applied_on")),
                name="ended_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_government} — {self.get_type_display()} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        self.fill_category()
        super().save(*args, **kwargs)
        self._loaded_type = self.type

    @classmethod
    def from_db(cls, db, field_names, values):
        # The type as stored: a type changed since carries its default category along.
        instance = super().from_db(db, field_names, values)
        instance._loaded_type = instance.__dict__.get("type")  # None when deferred
        return instance

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def clean(self) -> None:
        errors: dict[str, str] = {}
        is_association = (
            self.local_government_id
            and self.local_government.kind == LocalGovernment.Kind.ASSOCIATION
        )
        if self.local_government_id and is_association != (self.type == self.Type.ASSOCIATION):
            errors["type"] = gettext(
                "Association membership is for local-government associations, and only for them."
            )
        self.fill_category()
        if self.category_id and self.category.membership_type != self.type:
            errors["category"] = (
                gettext("Campaign participants are not members: choose a membership category.")
                if not self.category.membership_type
                else gettext("The category %(category)s is not for %(type)s memberships.")
                % {"category": self.category, "type": self.get_type_display()}
            )
        for field in ("approved_on", "started_on", "ended_on"):
            value = getattr(self, field)
            if value and self.applied_on and value < self.applied_on:
                errors[field] = gettext("This date lies before the application.")
        # Forms leave out constraints on fields they do not show, so the rule
        # of one open membership is checked here too.
        if (
            self.status in self.OPEN_STATUSES
            and self.local_government_id
            and self.local_government.memberships.open().exclude(pk=self.pk).exists()
        ):
            errors[NON_FIELD_ERRORS] = OPEN_MEMBERSHIP_EXISTS
        if errors:
            raise ValidationError(errors)

    def fill_category(self) -> None:
        """Give the type's default category when none was chosen (forms, the API and
        imports do not ask for one), so that every membership has one; a type
        changed (API, admin) carries a default category along to the new type's.
        A category chosen by hand that does not fit the type is left for `clean`
        to refuse."""
        category = self.category if self.category_id else None
        loaded_type = getattr(self, "_loaded_type", self.type)
        type_changed_under_default = (
            category is not None
            and loaded_type != self.type
            and category.is_default_for_type
            and category.membership_type == loaded_type
        )
        if category is None or type_changed_under_default:
            self.category = MembershipCategory.default_for(self.type) or category

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def move_to(self, status: str, *, by=None, on: datetime.date | None = None) -> None:
        """Change status as the Association's rules allow, stamping the date and approver."""
        if not self.can_move_to(status):
            raise ValidationError(
                {
                    "status": gettext("A membership cannot go from %(old)s to %(new)s.")
                    % {"old": self.get_status_display(), "new": self.Status(status).label}
                }
            )
        on = on or timezone.localdate()
        self.status = status
        if status == self.Status.APPROVED:
            self.approved_on, self.approved_by = on, by
        elif status == self.Status.ACTIVE:
            self.started_on = on
            self.ended_on = None
        else:
            self.ended_on = on
        self.full_clean(validate_constraints=False)
        self.save()
        self._notify("membership_decided")

    def tell_offices_of_application(self) -> None:
        """Tell the offices covering the local government of this new application.
        Every door that takes applications (page, API) calls it once it is saved."""
        self._notify("membership_applied")

    def _notify(self, kind: str) -> None:
        # Imported here: accounts.notifications reads the register (this module).
        from localaction.accounts import notifications

        local_government = self.local_government
        if kind == "membership_applied":
            recipients = notifications.office_staff_covering(local_government)
        else:
            recipients = notifications.editors_of(local_government)
        notifications.notify(
            kind,
            recipients=recipients,
            params={
                "local_government": local_government.name,
                "code": local_government.code,
                "status": self.status,
            },
            url=local_government.get_absolute_url(),
        )


class MembershipCategory(models.Model):
    """A category of the Association's members, edited by the secretariat as data.

    The category says whether its members vote, whether they pay dues and on
    which basis (the finance app's fee schedule prices a basis: population
    band × the country's income group, or a flat fee per category). Each
    category belongs to one `Membership.Type`, the register's own distinction,
    which the status machine, the rules on associations and every report keep
    using; the category refines it (national vs subnational associations). The
    fee bases are those of `localaction.core.dues.DuesBasis`, and a flat fee is
    looked up by the category's code.

    Campaign participants are listed as a category with no membership type:
    they take part in a campaign without being members (see `Membership`), pay
    no dues and cannot be a membership's category — `Membership.clean` refuses
    it. The category exists so that the secretariat's list of who relates to
    the Association, and how, is complete in one place.
    """

    class FeeBasis(models.TextChoices):
        POPULATION = "population", _("Population band × income group")
        FLAT = "flat", _("Flat fee")
        NONE = "none", _("No dues")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    membership_type = models.CharField(
        _("membership type"),
        max_length=12,
        choices=Membership.Type.choices,
        blank=True,
        help_text=_("Empty for those who are not members (campaign participants)."),
    )
    votes = models.BooleanField(_("votes"), default=False)
    pays_dues = models.BooleanField(_("pays dues"), default=True)
    fee_basis = models.CharField(
        _("fee basis"), max_length=20, choices=FeeBasis.choices, default=FeeBasis.POPULATION
    )
    is_default_for_type = models.BooleanField(
        _("default for its type"),
        default=False,
        help_text=_("Given to memberships of this type that were not given a category."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["membership_type", "code"]
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")
        constraints = [
            models.UniqueConstraint(
                fields=["membership_type"],
                condition=Q(is_default_for_type=True),
                name="one_default_category_per_type",
            ),
            models.CheckConstraint(
                condition=Q(pays_dues=True, fee_basis__in=["population", "flat"])
                | Q(pays_dues=False, fee_basis="none"),
                name="category_dues_match_fee_basis",
            ),
        ]

    def __str__(self) -> str:
        return gettext(self.name)

    @property
    def is_membership(self) -> bool:
        return bool(self.membership_type)

    def clean(self) -> None:
        if self.pays_dues == (self.fee_basis == self.FeeBasis.NONE):
            raise ValidationError(
                {"fee_basis": gettext("A category pays dues on a fee basis, or has no dues.")}
            )
        if self.is_default_for_type and not self.membership_type:
            raise ValidationError(
                {"is_default_for_type": gettext("Only a membership category is a type's default.")}
            )

    @classmethod
    def default_for(cls, membership_type: str) -> MembershipCategory | None:
        return cls.objects.filter(membership_type=membership_type, is_default_for_type=True).first()
