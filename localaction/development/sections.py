"""What an office runs, on the office's page (registered with
`network.sections.office_page` from DevelopmentConfig.ready): its host and
arrangements (host public; funding, staff and contracts for its staff and the
secretariat), its prospects pipeline (its staff and the secretariat only) and
the priority regions in its coverage with their targets (progress for staff)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from localaction.development import permissions, services
from localaction.development.models import OfficeArrangement, PriorityRegion, Prospect
from localaction.network.models import Office
from localaction.network.sections import office_page


def arrangements_section(user, office: Office) -> dict | None:
    arrangement = OfficeArrangement.objects.filter(office=office).first()
    terms = permissions.can_read_office_terms(user, office)
    contracts = list(office.contracts.all()) if terms else []
    if arrangement is None and not contracts:
        return None
    if not terms and not (arrangement and arrangement.host_organisation):
        return None
    return {"arrangement": arrangement, "terms": terms, "contracts": contracts}


def prospects_section(user, office: Office) -> dict | None:
    if not permissions.can_keep_prospects_of(user, office):
        return None
    prospects = Prospect.objects.filter(office=office)
    by_status = dict(prospects.values_list("status").annotate(count=Count("pk")).order_by())
    return {
        "counts": [(label, by_status.get(value, 0)) for value, label in Prospect.Status.choices],
        "total": sum(by_status.values()),
        "overdue": prospects.overdue().count(),
    }


def priority_regions_section(user, office: Office) -> dict | None:
    regions = PriorityRegion.objects.all()
    if office.kind != Office.Kind.WORLD:
        regions = regions.filter(
            Q(countries__region__in=office.regions.all()) | Q(countries__in=office.countries.all())
        ).distinct()
    regions = list(regions)
    if not regions:
        return None
    year = timezone.localdate().year
    progress = permissions.can_read_progress(user)
    rows = []
    for region in regions:
        target = region.targets.filter(year=year).first()
        members = services.growth(region, [year])[0].members if progress else None
        rows.append((region, target, members))
    return {"year": year, "rows": rows, "progress": progress}


office_page.register(
    "development-arrangements",
    "development/_office_arrangements.html",
    arrangements_section,
    order=20,
)
office_page.register(
    "development-prospects", "development/_office_prospects.html", prospects_section, order=30
)
office_page.register(
    "development-priority-regions",
    "development/_office_priority_regions.html",
    priority_regions_section,
    order=40,
)
