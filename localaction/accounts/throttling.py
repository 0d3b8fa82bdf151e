"""Who is knocking: the client address that login lockouts and API throttles count."""

from django.conf import settings


def client_address(request) -> str:
    """The client's address: behind the proxy (BEHIND_PROXY), the last address
    the proxy added to X-Forwarded-For — those before it are whatever the client
    claimed; otherwise the connection's own address.

    The same rule as Django REST framework's throttles (NUM_PROXIES = 1), so a
    lockout and a throttle count the same client.
    """
    if settings.REST_FRAMEWORK.get("NUM_PROXIES"):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")
