from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from localaction.accounts.forms import NotificationPreferencesForm
from localaction.accounts.models import Notification, Person
from localaction.accounts.notifications import deliveries, set_delivery, subject_of
from localaction.accounts.tokens import (
    TooManyTokens,
    live_tokens,
    token_create,
    token_revoke,
    token_rotate,
)


def _profile(request, *, new_key: str = ""):
    roles = request.user.roles.select_related("local_government__country", "office")
    context = {
        "roles": roles,
        "tokens": live_tokens(request.user),
        "new_key": new_key,
        "token_days": settings.REST_KNOX["TOKEN_TTL"].days,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile(request):
    """My account: the organisations I work for, in which role, and my API tokens."""
    return _profile(request)


# A new key is written into the answer to the POST that made it, never stored
# (not even in a message cookie) and never cached: it is shown this once.
@never_cache
@require_POST
@login_required
def token_new(request):
    """Make an API token and show its key, once."""
    try:
        _token, key = token_create(user=request.user)
    except TooManyTokens as error:
        messages.error(request, str(error))
        return redirect("accounts:profile")
    return _profile(request, new_key=key)


@never_cache
@require_POST
@login_required
def token_rotate_view(request):
    """Replace one of my tokens by a new one and show its key, once."""
    rotated = token_rotate(user=request.user, digest=request.POST.get("token", ""))
    if rotated is None:
        messages.error(request, _("That token no longer exists."))
        return redirect("accounts:profile")
    _token, key = rotated
    return _profile(request, new_key=key)


@require_POST
@login_required
def token_revoke_view(request):
    """Revoke one of my tokens, or all of them: they stop working at once."""
    digest = None if "all" in request.POST else request.POST.get("token", "")
    if token_revoke(user=request.user, digest=digest):
        messages.success(request, _("Revoked: scripts using it can no longer sign in."))
    else:
        messages.error(request, _("That token no longer exists."))
    return redirect("accounts:profile")


NOTIFICATIONS_PER_PAGE = 25


@login_required
def notification_list(request):
    """My notifications, newest first, the unread ones marked."""
    page = Paginator(request.user.notifications.all(), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(notification, subject_of(notification)) for notification in page]
    return render(
        request,
        "accounts/notifications.html",
        {
            "page": page,
            "rows": rows,
            "has_unread": request.user.notifications.filter(read_at=None).exists(),
        },
    )


@login_required
def notification_open(request, pk: int):
    """Mark one of my notifications read and go where it points."""
    # Someone else's notification is a 404: whether it exists is not my business.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("accounts:notifications")


@require_POST
@login_required
def notifications_read(request):
    """Mark all my notifications read."""
    count = request.user.notifications.filter(read_at=None).update(read_at=timezone.now())
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("accounts:notifications")


@login_required
def notification_preferences(request):
    """The language I am written to in, and how I hear of each kind of event."""
    person, _created = Person.objects.get_or_create(user=request.user)
    initial = {"language": person.language} | {
        f"delivery-{kind}": delivery for kind, delivery in deliveries(request.user).items()
    }
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person.language = form.cleaned_data["language"]
            person.save(update_fields=["language"])
            for kind, delivery in form.deliveries().items():
                set_delivery(request.user, kind, delivery)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:notification-preferences")
    return render(request, "accounts/notification_preferences.html", {"form": form})


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes answers with when a username and address are locked out."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
