from localaction.accounts.access import access_of


def access(request) -> dict:
    """The person's access, and — for signed-in people — how many of their
    notifications are unread (counted only when a page shows it)."""
    context = {"access": access_of(request.user)}
    user = request.user
    if user.is_authenticated:
        # A callable: the template calls it where it shows the count, once per
        # page through `{% with %}`; one COUNT on the (recipient, read_at) index.
        context["unread_notifications"] = lambda: user.notifications.filter(read_at=None).count()
    return context
