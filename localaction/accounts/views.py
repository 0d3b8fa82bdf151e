from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from localaction.accounts.forms import NotificationPreferencesForm
from localaction.accounts.models import Notification, Person
from localaction.accounts.notifications import deliveries, set_delivery, subject_of


@login_required
def profile(request):
    """My account: the organisations I work for, in which role, and my API token."""
    roles = request.user.roles.select_related("local_government__country", "office")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile.html", {"roles": roles, "token": token})


@require_POST
@login_required
def token_renew(request):
    """Create the API token, or replace it (the old one stops working at once)."""
    replaced, _deleted = Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
    if replaced:
        messages.success(
            request, _("Your new API token is ready; the previous one no longer works.")
        )
    else:
        messages.success(request, _("Your API token is ready."))
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
