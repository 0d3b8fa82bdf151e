"""API tokens (django-rest-knox): a person holds a few, each with an expiry.

Only a digest of each key is stored: the key is shown once, when the token is
made (or rotated), and never again. A person revokes or rotates their tokens
on their account page; a script obtains one at /api/auth/token/.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken


class TooManyTokens(Exception):
    """The person already holds as many live tokens as one may."""

    def __init__(self, limit: int):
        super().__init__(
            _(
                "You already hold %(limit)d API tokens: revoke one under My account "
                "before making another."
            )
            % {"limit": limit}
        )


def live_tokens(user):
    """The person's tokens that still work, newest first."""
    return user.auth_token_set.filter(expiry__gt=timezone.now()).order_by("-created")


def token_create(*, user) -> tuple[AuthToken, str]:
    """A new token for the person, and its key (to be shown once)."""
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    with transaction.atomic():
        # Expired tokens count for nothing: clear them out.
        user.auth_token_set.filter(expiry__lte=timezone.now()).delete()
        if live_tokens(user).count() >= limit:
            raise TooManyTokens(limit)
        return AuthToken.objects.create(user=user)


@transaction.atomic
def token_rotate(*, user, digest: str) -> tuple[AuthToken, str] | None:
    """Replace one of the person's tokens by a new one (the old key stops working
    at once); None if the person holds no such token."""
    deleted, _by_model = live_tokens(user).filter(digest=digest).delete()
    if not deleted:
        return None
    return AuthToken.objects.create(user=user)


def token_revoke(*, user, digest: str | None = None) -> int:
    """Revoke one of the person's tokens (by its digest), or all of them; how many."""
    tokens = user.auth_token_set.all()
    if digest is not None:
        tokens = tokens.filter(digest=digest)
    deleted, _by_model = tokens.delete()
    return deleted
