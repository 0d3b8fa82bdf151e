"""The project's own system checks (registered by localaction.apps)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

COLLECT = "run `localaction collectstatic --noinput`"


# A deployment check (`check --deploy`), so that `collectstatic`, `migrate` and the
# workers run before the files are collected; the web server refuses to start
# without them (localaction.wsgi, which runserver loads too).
@checks.register(checks.Tags.security, deploy=True)
def static_files_collected(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Production serves the collected, hashed static files: without them every
    page, the 404 included, would fail as it names its style sheet."""
    if not settings.SERVE_COLLECTED:
        return []
    if staticfiles_storage.read_manifest() is None:
        return [
            checks.Error(
                f"The static files are not collected in {settings.STATIC_ROOT}.",
                hint=f"Production serves the collected files: {COLLECT}.",
                id="localaction.E001",
            )
        ]
    collected, _hash = staticfiles_storage.load_manifest()
    missing = sorted(
        {
            path
            for finder in finders.get_finders()
            for path, _storage in finder.list(["CVS", ".*", "*~"])
            if path.replace("\\", "/") not in collected
        }
    )
    if missing:
        return [
            checks.Error(
                f"{len(missing)} static files are newer than the last collection "
                f"(e.g. {missing[0]}).",
                hint=f"Collect them again: {COLLECT}.",
                id="localaction.E002",
            )
        ]
    return []


def require_collected_static() -> None:
    """Refuse to start a web server that could only answer 500 (gunicorn runs no
    system checks of its own)."""
    errors = static_files_collected()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
