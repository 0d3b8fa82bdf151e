"""City-to-city exchange's pages: the needs and offers (filtered by kind,
theme, region and language), a listing with its suggested matches and their
reasons, publishing and editing a listing, the exchanges, proposing one (from
a suggestion or by hand), and an exchange's page where the other members
accept it and whoever keeps it records its progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from localaction.exchange import permissions, services
from localaction.exchange.forms import (
    ActivityForm,
    ExchangeForm,
    FollowUpForm,
    ListingFilters,
    ListingForm,
    OutcomesForm,
    StatusForm,
)
from localaction.exchange.models import Exchange, FollowUp, Listing
from localaction.forms import show_refusal

PAGE = 30

#: The buttons that move an exchange on, by the status they lead to.
STEPS = {
    Exchange.Status.UNDER_WAY: gettext_lazy("It is under way"),
    Exchange.Status.COMPLETED: gettext_lazy("It is completed"),
    Exchange.Status.CANCELLED: gettext_lazy("Cancel the exchange"),
}


def _listing_or_404(request, pk: int) -> Listing:
    listing = Listing.objects.select_related("member", "member__country").filter(pk=pk).first()
    if listing is None or not permissions.can_see_listing(request.user, listing):
        raise Http404
    return listing


def _exchange_or_404(request, pk: int) -> Exchange:
    exchange = Exchange.objects.filter(pk=pk).first()
    if exchange is None or not permissions.can_see_exchange(request.user, exchange):
        raise Http404
    return exchange


# --- Needs and offers -------------------------------------------------------------------


def index(request):
    filters = ListingFilters(request.GET or None)
    listings = permissions.listings_visible_to(request.user).select_related(
        "member", "member__country"
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    if not data.get("closed"):
        listings = listings.open()
    if data.get("kind"):
        listings = listings.filter(kind=data["kind"])
    if data.get("region"):
        listings = listings.filter(member__country__region=data["region"])
    matching = []
    theme, language = data.get("theme"), (data.get("language") or "").strip().lower()
    if theme or language:
        # Themes and languages are JSON lists: filtered here, the same on every database.
        for listing in listings.order_by("-published_on", "-pk"):
            if theme and theme not in listing.themes:
                continue
            if language and language not in listing.languages:
                continue
            matching.append(listing)
    else:
        matching = listings.order_by("-published_on", "-pk")
    page = Paginator(matching, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/index.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "may_publish": permissions.members_acted_for(request.user).exists(),
        },
    )


def listing(request, pk: int):
    listing = _listing_or_404(request, pk)
    may_edit = permissions.can_edit_listing(request.user, listing)
    suggestions = services.suggestions_for(listing) if listing.is_open else []
    return render(
        request,
        "exchange/listing.html",
        {
            "listing": listing,
            "suggestions": suggestions,
            "may_edit": may_edit,
            "exchanges": permissions.exchanges_visible_to(request.user).filter(
                **{"need" if listing.kind == Listing.Kind.NEED else "offer": listing}
            ),
        },
    )


@login_required
def listing_new(request):
    members = permissions.members_acted_for(request.user).order_by("name")
    if not members.exists():
        raise PermissionDenied
    form = ListingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "member"}
        try:
            listing = services.listing_publish(
                member=form.cleaned_data["member"], by=request.user, **fields
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Published."))
            return redirect(listing)
    return render(request, "exchange/listing_form.html", {"form": form})


@login_required
def listing_edit(request, pk: int):
    listing = _listing_or_404(request, pk)
    if not permissions.can_edit_listing(request.user, listing):
        raise PermissionDenied
    form = ListingForm(request.POST or None, instance=Listing.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(listing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(listing)
    return render(request, "exchange/listing_form.html", {"form": form, "listing": listing})


# --- Exchanges --------------------------------------------------------------------------


def exchanges(request):
    found = (
        permissions.exchanges_visible_to(request.user)
        .prefetch_related("participants__member")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, "exchange/exchanges.html", {"page": page, "query": ""})


@login_required
def exchange_new(request):
    """Propose an exchange; from a suggestion, `?need=&offer=` fill in the pair."""
    members = permissions.members_acted_for(request.user).order_by("name")
    if not members.exists():
        raise PermissionDenied
    initial = {}
    pair = {}
    for kind in ("need", "offer"):
        if key := request.GET.get(kind, ""):
            item = Listing.objects.filter(pk=key if key.isdigit() else 0, kind=kind).first()
            if item is not None and permissions.can_see_listing(request.user, item):
                initial[kind] = item.pk
                pair[kind] = item
    if pair.get("need") and pair.get("offer"):
        ours = [p for p in pair.values() if permissions.acts_for(request.user, p.member)]
        if ours:
            own = ours[0]
            other = pair["offer"] if own.kind == Listing.Kind.NEED else pair["need"]
            initial |= {
                "proposer": own.member_id,
                "partner": other.member_id,
                "proposer_role": "mentee" if own.kind == Listing.Kind.NEED else "mentor",
                "partner_role": "mentor" if own.kind == Listing.Kind.NEED else "mentee",
                "kind": Exchange.Kind.MENTORING,
                "title": pair["need"].title,
            }
    form = ExchangeForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exchange = services.exchange_propose(
                by=request.user,
                proposer=data["proposer"],
                participants=[
                    (data["proposer"], data["proposer_role"]),
                    (data["partner"], data["partner_role"]),
                ],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                need=data["need"],
                offer=data["offer"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Proposed: the other member's editors are told."))
            return redirect(exchange)
    return render(request, "exchange/exchange_form.html", {"form": form, "pair": pair})


def exchange(request, pk: int):
    exchange = _exchange_or_404(request, pk)
    keeps = permissions.can_keep_exchange(request.user, exchange)
    return render(
        request,
        "exchange/exchange.html",
        {
            "exchange": exchange,
            "participants": exchange.participants.select_related("member", "member__country"),
            "to_accept": permissions.participants_to_accept(request.user, exchange),
            "keeps": keeps,
            "next_statuses": [(status, STEPS[status]) for status in Exchange.NEXT[exchange.status]]
            if keeps
            else [],
            "activity_form": ActivityForm() if keeps else None,
            "follow_up_form": FollowUpForm() if keeps else None,
            "outcomes_form": OutcomesForm(initial={"outcomes": exchange.outcomes})
            if keeps
            else None,
        },
    )


def _kept(request, pk: int) -> Exchange:
    exchange = _exchange_or_404(request, pk)
    if not permissions.can_keep_exchange(request.user, exchange):
        raise PermissionDenied
    return exchange


def _refused(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def exchange_accept(request, pk: int):
    exchange = _exchange_or_404(request, pk)
    if not permissions.participants_to_accept(request.user, exchange):
        raise PermissionDenied
    try:
        exchange = services.exchange_accept(exchange, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Accepted."))
    return redirect(exchange)


@login_required
@require_POST
def exchange_status(request, pk: int):
    exchange = _kept(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(exchange)
    try:
        services.exchange_set_status(exchange, by=request.user, status=form.cleaned_data["status"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Status changed."))
    return redirect(exchange)


@login_required
@require_POST
def activity_add(request, pk: int):
    exchange = _kept(request, pk)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(exchange, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Activity added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(exchange)


@login_required
@require_POST
def follow_up_add(request, pk: int):
    exchange = _kept(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_add(exchange, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Follow-up added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(exchange)


@login_required
@require_POST
def follow_up_done(request, pk: int, follow_up: int):
    exchange = _kept(request, pk)
    item = get_object_or_404(FollowUp, pk=follow_up, exchange=exchange)
    try:
        services.follow_up_done(item, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    return redirect(exchange)


@login_required
@require_POST
def outcomes(request, pk: int):
    exchange = _kept(request, pk)
    form = OutcomesForm(request.POST)
    if form.is_valid():
        try:
            services.outcomes_set(exchange, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Outcomes saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(exchange)
