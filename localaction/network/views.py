"""Pages of the register: the network in figures, the member directory, profiles, offices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.accounts.access import access_of
from localaction.background.progress import Progress
from localaction.background.uploads import save_upload
from localaction.core.aggregate import outermost
from localaction.core.geo import bin_points, equirectangular, frame
from localaction.network import work
from localaction.network.filters import LocalGovernmentFilter
from localaction.network.forms import (
    LocalGovernmentForm,
    MembersFileForm,
    MembershipApplicationForm,
    MembershipDecisionForm,
    NewLocalGovernmentForm,
)
from localaction.network.members import export_members
from localaction.network.models import Country, LocalGovernment, Membership, Office, Region
from localaction.network.permissions import (
    can_add_local_government,
    can_apply_for_membership,
    can_decide_membership,
    can_edit_local_government,
    local_governments_visible_to,
    visible_local_government_or_404,
)
from localaction.network.sections import member_profile, office_page
from localaction.network.tasks import import_member_register
from localaction.tables import CONTENT_TYPES, FORMATS

MAP_WIDTH = 720
MAP_CELL_DEGREES = 3
MAP_PADDING = 12  # map units: 6 degrees
MAP_MIN_WIDTH = 90  # a 45-degree-wide frame at the closest
DIRECTORY_PAGE_SIZE = 25


def _editable_local_government(request, code: str) -> LocalGovernment:
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_local_government(request.user, local_government):
        raise PermissionDenied
    return local_government


def world_map(points, *, here: tuple[float, float] | None = None) -> dict:
    """An SVG map of the points: one circle per occupied grid cell, framed around them.

    `here` marks one place, drawn above the others (a profile's own location).
    """
    cells = bin_points(points, cell_degrees=MAP_CELL_DEGREES)
    x, y, width, height = frame(
        [(cell.latitude, cell.longitude) for cell in cells] + ([here] if here else []),
        width=MAP_WIDTH,
        padding=MAP_PADDING,
        min_width=MAP_MIN_WIDTH,
    )
    # Circles keep their size on screen whatever the zoom.
    zoom = width / MAP_WIDTH
    circles = []
    for cell in cells:
        cx, cy = equirectangular(cell.latitude, cell.longitude, width=MAP_WIDTH)
        radius = (1.5 + cell.count**0.5) * zoom
        circles.append(
            {"x": f"{cx:.1f}", "y": f"{cy:.1f}", "r": f"{radius:.2f}", "count": cell.count}
        )
    if here:
        cx, cy = equirectangular(*here, width=MAP_WIDTH)
        here = {"x": f"{cx:.1f}", "y": f"{cy:.1f}", "r": f"{8 * zoom:.2f}"}
    return {
        "circles": circles,
        "here": here,
        "view_box": f"{x:.1f} {y:.1f} {width:.1f} {height:.1f}",
        "stroke": f"{0.6 * zoom:.2f}",
    }


def home(request):
    visible = local_governments_visible_to(request.user)
    active = Membership.objects.filter(
        status=Membership.Status.ACTIVE, local_government__in=visible
    )
    member_ids = set(active.values_list("local_government_id", flat=True))
    parent_of = dict(LocalGovernment.objects.values_list("pk", "parent_id"))
    covered = outermost(member_ids, parent_of)
    population = (
        LocalGovernment.objects.filter(pk__in=covered).aggregate(total=Sum("population"))["total"]
        or 0
    )
    regions = list(Region.objects.all())
    local_governments_in = _count_by_region(visible, "country__region")
    members_in = _count_by_region(active, "local_government__country__region")
    for region in regions:
        region.local_governments = local_governments_in.get(region.pk, 0)
        region.members = members_in.get(region.pk, 0)
    regions.sort(key=lambda region: (-region.members, region.display_name))
    most_members = max((region.members for region in regions), default=0) or 1
    return render(
        request,
        "network/home.html",
        {
            "members": len(member_ids),
            "local_governments": visible.count(),
            "countries": visible.values("country").distinct().count(),
            "population": population,
            "regions": regions,
            "most_members": most_members,
            "recent": active.select_related("local_government__country")
            .filter(started_on__isnull=False)
            .order_by("-started_on", "-pk")[:6],
            "map": world_map(
                active.exclude(local_government__latitude=None).values_list(
                    "local_government__latitude", "local_government__longitude"
                )
            ),
        },
    )


def _count_by_region(queryset, region_path: str) -> dict[int, int]:
    return dict(
        queryset.order_by()
        .values_list(region_path)
        .annotate(count=Count("pk"))
        .values_list(region_path, "count")
    )


def _found(request, queryset):
    """The directory's filters applied to what the person may see."""
    filters = LocalGovernmentFilter(request.GET, queryset=queryset, request=request)
    return filters, filters.qs if filters.is_valid() else queryset.none()


def directory(request):
    queryset = (
        local_governments_visible_to(request.user)
        .select_related("country__region", "parent")
        .with_membership()
    )
    filters, found = _found(request, queryset)
    # The filters' help texts explain API parameters; the page's labels suffice.
    for field in filters.form.fields.values():
        field.help_text = ""
    page = Paginator(found, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/directory.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "map": world_map(
                found.exclude(latitude=None).values_list("latitude", "longitude").order_by()
            ),
            "can_add": can_add_local_government(request.user),
        },
    )


def directory_download(request, file_format: str):
    """The directory's current list as a member-register file (what the person may see)."""
    if file_format not in FORMATS:
        raise Http404
    _filters, found = _found(request, local_governments_visible_to(request.user))
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"local-governments-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    export_members(found, format=file_format, target=response)
    return response


@login_required
def directory_import(request):
    """Offices and the secretariat import a member-register file for the countries
    they cover: saved for a worker, imported by a task whose progress they watch."""
    if not can_add_local_government(request.user):
        raise PermissionDenied
    form = MembersFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        progress = Progress.create(
            label=_("Import local governments"),
            owner=request.user.pk,
            next_url=reverse("network:directory"),
        )
        import_member_register.enqueue(
            upload=save_upload(upload),
            filename=upload.name,
            importer=request.user.pk,
            progress=progress.key,
            language=get_language(),
        )
        return redirect("background:progress", key=progress.key)
    status = 400 if request.method == "POST" else 200
    return render(request, "network/directory_import.html", {"form": form}, status=status)


def local_government(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    user = request.user
    memberships = list(
        local_government.memberships.select_related("approved_by", "category").order_by(
            "-applied_on", "-pk"
        )
    )
    open_membership = next((m for m in memberships if m.is_open), None)
    can_decide = can_decide_membership(user, local_government)
    can_edit = can_edit_local_government(user, local_government)
    visible = local_governments_visible_to(user)
    country = local_government.country
    return render(
        request,
        "network/local_government.html",
        {
            "lg": local_government,
            "ancestors": _ancestors(local_government),
            "children": visible.filter(parent=local_government).select_related("country"),
            "memberships": memberships,
            "open_membership": open_membership,
            "offices": Office.objects.filter(
                Q(regions=country.region_id) | Q(countries=country.code)
            ).distinct(),
            "can_edit": can_edit,
            "can_apply": open_membership is None
            and can_apply_for_membership(user, local_government),
            "application_form": MembershipApplicationForm(
                initial={"type": _membership_type_for(local_government)}
            ),
            "decision_form": MembershipDecisionForm(membership=open_membership)
            if can_decide and open_membership
            else None,
            "history": local_government.history.select_related("history_user")[:10]
            if can_edit
            else [],
            "map": world_map(
                visible.filter(country__region=country.region_id)
                .exclude(latitude=None)
                .values_list("latitude", "longitude"),
                here=(local_government.latitude, local_government.longitude),
            )
            if local_government.latitude is not None
            else None,
            "people": local_government.roles.select_related("user") if can_edit else [],
            # What the domains above the register show of it: inventories, climate action.
            "sections": member_profile.shown(user, local_government),
        },
    )


def _ancestors(local_government: LocalGovernment) -> list[LocalGovernment]:
    chain, seen = [], {local_government.pk}
    node = local_government.parent
    while node is not None and node.pk not in seen:
        chain.append(node)
        seen.add(node.pk)
        node = node.parent
    return chain[::-1]


def _membership_type_for(local_government: LocalGovernment) -> str:
    if local_government.kind == LocalGovernment.Kind.ASSOCIATION:
        return Membership.Type.ASSOCIATION
    return Membership.Type.FULL


@login_required
def local_government_edit(request, code: str):
    local_government = _editable_local_government(request, code)
    form = LocalGovernmentForm(request.POST or None, instance=local_government, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The profile of %(name)s is saved.") % {"name": form.instance})
        return redirect(local_government)
    return render(
        request, "network/local_government_form.html", {"form": form, "lg": local_government}
    )


@login_required
def local_government_new(request):
    if not can_add_local_government(request.user):
        raise PermissionDenied
    access = access_of(request.user)
    countries = Country.objects.select_related("region")
    if not access.is_secretariat:
        countries = countries.filter(
            Q(region__in=access.staff_regions) | Q(code__in=access.staff_countries)
        )
    form = NewLocalGovernmentForm(request.POST or None, countries=countries, user=request.user)
    if request.method == "POST" and form.is_valid():
        local_government = form.save()
        messages.success(
            request, _("%(name)s is added to the register.") % {"name": local_government}
        )
        return redirect(local_government)
    return render(request, "network/local_government_form.html", {"form": form, "lg": None})


@require_POST
@login_required
def membership_apply(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not can_apply_for_membership(request.user, local_government):
        raise PermissionDenied
    form = MembershipApplicationForm(
        request.POST, instance=Membership(local_government=local_government)
    )
    if form.is_valid():
        form.save().tell_offices_of_application()
        messages.success(request, _("The membership application is sent to the office."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect(local_government)


@require_POST
@login_required
def membership_move(request, code: str, pk: int):
    local_government = visible_local_government_or_404(request.user, code)
    membership = get_object_or_404(local_government.memberships, pk=pk)
    if not can_decide_membership(request.user, local_government):
        raise PermissionDenied
    form = MembershipDecisionForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            with transaction.atomic():
                membership.move_to(form.cleaned_data["status"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("New membership status: %(status)s.")
                % {"status": membership.get_status_display()},
            )
    else:
        messages.error(request, " ".join(form.errors.get("status", [])))
    # Back to where the decision was taken: the profile or the office's queue.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(local_government)


@login_required
def memberships_to_decide(request):
    """The office's work queue: applications and approvals in the countries it covers."""
    if not work.may_see_work(request.user):
        raise PermissionDenied
    waiting = work.memberships_waiting(request.user)
    page = Paginator(waiting, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    for membership in page:
        membership.decision_form = MembershipDecisionForm(
            membership=membership, auto_id=f"id_%s_{membership.pk}"
        )
    return render(request, "network/memberships_to_decide.html", {"page": page})


@login_required
def work_to_do(request):
    """Office staff's queues on one page: what waits for their decision, oldest first."""
    if not work.may_see_work(request.user):
        raise PermissionDenied
    return render(
        request,
        "network/work.html",
        {
            "sections": work.work_for(request.user),
            "is_secretariat": access_of(request.user).is_secretariat,
        },
    )


def offices(request):
    return render(
        request,
        "network/offices.html",
        {
            "offices": Office.objects.prefetch_related("regions", "countries").select_related(
                "country"
            )
        },
    )


def office(request, code: str):
    office = get_object_or_404(
        Office.objects.prefetch_related("regions", "countries").select_related("country"),
        code=code,
    )
    covered = local_governments_visible_to(request.user)
    if office.kind != Office.Kind.WORLD:
        covered = covered.covered_by(
            region_ids=office.regions.all(), country_codes=office.countries.all()
        )
    return render(
        request,
        "network/office.html",
        {
            "office": office,
            "local_governments": covered.count(),
            "members": covered.with_membership_status(Membership.Status.ACTIVE).count(),
            "staff": office.roles.select_related("user")
            if access_of(request.user).is_authenticated
            else [],
            "sections": office_page.shown(request.user, office),
        },
    )
