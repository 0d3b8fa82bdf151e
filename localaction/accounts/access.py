"""What one signed-in person may reach, read once from their roles.

Every permission check (pages, API, admin) starts from `access_of(user)`;
the per-object rules built on it live next to each kind of object, e.g.
`localaction/network/permissions.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from localaction.accounts.models import Role


def _register():
    """The register's Office, Region and Country models, reached through a role's
    relations once the models are loaded: people and their roles sit below the
    register in the layers (README, "The code"), which builds its rules on
    `access_of`."""
    office = Role._meta.get_field("office").related_model
    return (
        office,
        office._meta.get_field("regions").related_model,
        office._meta.get_field("countries").related_model,
    )


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_secretariat: bool = False
    editor_of: frozenset[int] = frozenset()
    viewer_of: frozenset[int] = frozenset()
    offices: frozenset[int] = frozenset()
    # Offices whose money this person handles (finance staff; also in `offices`).
    finance_offices: frozenset[int] = frozenset()
    staff_regions: frozenset[int] = frozenset()
    staff_countries: frozenset[str] = frozenset()

    @property
    def is_office_staff(self) -> bool:
        return bool(self.offices)

    @property
    def member_of(self) -> frozenset[int]:
        """The local governments this person works for, as editor or viewer."""
        return self.editor_of | self.viewer_of

    def covers(self, *, region_id: int, country_code: str) -> bool:
        """Whether this person's offices cover a place in that region and country."""
        return (
            self.is_secretariat
            or region_id in self.staff_regions
            or country_code in self.staff_countries
        )


ANONYMOUS = Access()


def access_of(user) -> Access:
    """The person's access, computed once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_localaction_access", None)
    if cached is not None:
        return cached
    Office, Region, Country = _register()
    roles = list(Role.objects.filter(user=user).select_related("office"))
    offices = [role.office for role in roles if role.kind in Role.OFFICE_KINDS]
    regions: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()
    if offices:
        regions = frozenset(Region.objects.filter(offices__in=offices).values_list("pk", flat=True))
        countries = frozenset(
            Country.objects.filter(offices__in=offices).values_list("pk", flat=True)
        )
    access = Access(
        is_authenticated=True,
        is_secretariat=user.is_superuser
        or any(office.kind == Office.Kind.WORLD for office in offices),
        editor_of=frozenset(
            role.local_government_id for role in roles if role.kind == Role.Kind.EDITOR
        ),
        viewer_of=frozenset(
            role.local_government_id for role in roles if role.kind == Role.Kind.VIEWER
        ),
        offices=frozenset(office.pk for office in offices),
        finance_offices=frozenset(
            role.office_id for role in roles if role.kind == Role.Kind.FINANCE
        ),
        staff_regions=regions,
        staff_countries=countries,
    )
    user._localaction_access = access
    return access
