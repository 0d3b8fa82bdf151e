from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token


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
