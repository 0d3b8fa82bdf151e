import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localaction.settings")
application = get_wsgi_application()

from localaction.checks import require_collected_static  # noqa: E402 (needs the apps loaded)

require_collected_static()
