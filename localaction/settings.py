"""One settings module, driven by environment variables (see README, "Production")."""

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LOCALACTION_VAR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest (8.2 and later) announces itself in the environment; tests need no
# collected static files and no secret key.
TESTING = "PYTEST_VERSION" in os.environ
DEBUG = env_bool("DEBUG")

# The embedded default (SQLite under var/, no ALLOWED_HOSTS, no Redis) keeps a
# key it generates once in var/secret_key, so every command works in a fresh
# checkout. Anything that looks like production — a database server, a shared
# cache, or public host names — refuses to start without SECRET_KEY: a key on
# one machine's disk cannot be shared by several machines, and a production key
# must be chosen, not stumbled upon.
PRODUCTION = (
    not os.environ.get("DATABASE_URL", "sqlite:").startswith("sqlite:")
    or bool(os.environ.get("REDIS_URL"))
    or bool(os.environ.get("ALLOWED_HOSTS"))
)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def embedded_secret_key(path: Path) -> str:
    """The embedded default's key: made once, kept readable by its owner only."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key)
        return key


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION and not TESTING:
        raise ImproperlyConfigured(
            "Set SECRET_KEY: a production configuration (DATABASE_URL of a database "
            "server, REDIS_URL or ALLOWED_HOSTS) does not run on a generated key."
        )
    SECRET_KEY = embedded_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "localaction.accounts",
    "localaction.network",
    "localaction.inventories",
    "localaction.campaigns",
    "localaction.sustainability",
    "localaction.learning",
    "localaction.knowledge",
    "localaction.events",
    "localaction.exchange",
    "localaction.projects",
    "localaction.consultancy",
    "localaction.finance",
    "localaction.governance",
    "localaction.elections",
    "localaction.strategy",
    "localaction.partnerships",
    "localaction.development",
    "localaction.advocacy",
    "localaction.programmes",
    "localaction.reports",
    "localaction.results",
    "localaction.search",
    "localaction.background",
    "localaction.backups",
    "localaction.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # Wagtail: the Agency's editorial content (rich text, documents, images,
    # revisions, drafts and scheduled publishing, moderation) and the one
    # full-text search (its database backend: FTS5 on SQLite, PostgreSQL's own).
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a parameter: PostgreSQL's text cannot hold NUL.
    "localaction.nul_characters.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "localaction.urls"
WSGI_APPLICATION = "localaction.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "localaction" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "localaction.accounts.context_processors.access",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'localaction.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the public pages read while an import writes. A writer takes the
    # write lock when its transaction begins (IMMEDIATE), so that two writers
    # queue for it instead of the second failing with "database is locked" on
    # its first write; the timeout is how long one waits in that queue (seconds)
    # — longer than any one write transaction may hold the lock (the imports'
    # is measured in docs/formats/members.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_TIMEOUT_SECONDS", "20")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (localaction/background): Django's tasks framework with its
# database backend — the same database, so a task is queued in the transaction
# that asked for it; any number of `localaction worker` processes claim rows
# (SKIP LOCKED on PostgreSQL). Tests run tasks at once unless they start a worker.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING and not env_bool("LOCALACTION_REAL_WORKER")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# The largest file any import takes (tables.check_limits), refused before it is
# parsed; stated on every import page and in docs/formats/.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 2**20)))

BACKGROUND = {
    # A worker says it is alive this often; a running task whose worker has been
    # silent for ABANDONED_AFTER is given back to the queue.
    "HEARTBEAT_SECONDS": float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5")),
    "ABANDONED_AFTER_SECONDS": float(os.environ.get("WORKER_ABANDONED_AFTER_SECONDS", "30")),
    # A failed attempt is tried again after RETRY_DELAY × 2^(attempt - 1).
    "RETRY_DELAY_SECONDS": float(os.environ.get("TASK_RETRY_DELAY_SECONDS", "10")),
}

# The network report's stamp of the data is read at most this often (seconds);
# tests read it on every request.
REPORTS_STAMP_SECONDS = 0 if TESTING else float(os.environ.get("REPORTS_STAMP_SECONDS", "2"))

# One cache shared by every process: Redis in production, files under var/ on
# the embedded default (several processes on one machine share it). Keys are
# prefixed with the database they describe, so two databases (the demo and a
# bench, say) never read each other's figures.
REDIS_URL = os.environ.get("REDIS_URL", "")
_DATABASE = DATABASES["default"]
CACHE_PREFIX = "{}-{}".format(
    "test" if TESTING else "localaction",
    hashlib.sha256(f"{_DATABASE.get('HOST')}/{_DATABASE['NAME']}".encode()).hexdigest()[:8],
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache" / CACHE_PREFIX,
            "KEY_PREFIX": CACHE_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "localaction.accounts.backends.SecretariatBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing test passwords slowly protects nothing and costs seconds per test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"

# Guessing passwords (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that pair is refused for the cool-off, on the
# login page, the admin's and /api/auth/token/ alike. The pair, not the username
# alone, so that nobody can lock a colleague out from elsewhere; not the address
# alone, so that a town hall behind one address is not locked out by one person.
# The attempts live in the database, where the secretariat sees and clears them
# in the admin (Axes › Access attempts), and every web process reads the same.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "localaction.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Failed attempts are kept; successful sign-ins are nobody's business.
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "localaction.accounts.throttling.client_address"

# API tokens (django-rest-knox): only a digest is stored, the key is shown once;
# each expires after API_TOKEN_DAYS; a person holds at most API_TOKENS_PER_PERSON.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=float(os.environ.get("API_TOKEN_DAYS", "90"))),
    "TOKEN_LIMIT_PER_USER": int(os.environ.get("API_TOKENS_PER_PERSON", "10")),
    "AUTH_HEADER_PREFIX": "Token",
}

# Every e-mail is queued (localaction/background/mail.py); a task hands it to
# the backend that delivers: the console by default, SMTP in production.
EMAIL_BACKEND = "localaction.background.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Local Action <noreply@localhost>")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "localaction" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Production serves the static files `collectstatic` gathered (hashed, compressed).
SERVE_COLLECTED = PRODUCTION and not (DEBUG or TESTING)
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "localaction" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            (
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
                # Compressing takes a minute; STATIC_COMPRESS=0 where a proxy compresses.
                if env_bool("STATIC_COMPRESS", True)
                else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            )
            if SERVE_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# In development, tests and the embedded default whitenoise serves straight from
# the apps' static folders; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not SERVE_COLLECTED

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Django's defaults, stated: no MIME sniffing, no referrer to other sites, no framing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): every page, script, style sheet and font
# comes from this site, and no script is written into a page (scripts live in
# static files). Styles may be inline: the charts are inline SVG that matplotlib
# styles with `style` attributes and a <style> element; the pages' own styles
# are in site.css. The API documentation (Swagger UI) runs from static files too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Requests per client in the shared cache (Redis in production), so every
    # web process counts together; "token" is /api/auth/token/'s own, strict
    # scope. Tests run without limits, except the tests of the limits.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": None if TESTING else os.environ.get("API_RATE_ANONYMOUS", "120/min"),
        "user": None if TESTING else os.environ.get("API_RATE_SIGNED_IN", "1200/min"),
        "token": None if TESTING else os.environ.get("API_RATE_TOKEN", "10/min"),
    },
    # Behind one proxy the client is the last address it adds to X-Forwarded-For.
    "NUM_PROXIES": 1 if env_bool("BEHIND_PROXY") else None,
    # Fail closed: a view answers once it states whom it serves (localaction/api.py).
    "DEFAULT_PERMISSION_CLASSES": ["localaction.api.DenyAll"],
    "DEFAULT_PARSER_CLASSES": [
        "localaction.api.JSONParser",
        "localaction.api.FormParser",
        "localaction.api.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "localaction.api.RefuseNulParameters",
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "localaction.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "localaction.openapi.Schema",
}
# The largest JSON or form body the API parses, and how deeply a JSON body may
# nest (multipart uploads have DATA_UPLOAD_MAX_MEMORY_SIZE and their own limits).
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(2 * 2**20)))
API_MAX_JSON_DEPTH = 32
SPECTACULAR_SETTINGS = {
    "TITLE": "Local Action API",
    "DESCRIPTION": "The register of the network: regions, offices, local governments and "
    "memberships; GHG inventories, their lines and results, and the emission-factor library; "
    "campaigns, participation and milestones; targets, forecasts, action plans and actions; "
    "the network report; the Association's finances: fee schedules, income groups, invoices, "
    "payments and receivables ageing. "
    "Session or token authentication (`Authorization: Token <key>`).",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["localaction.openapi.platform_api_only"],
    # No validator badge: it would send the schema's address to another host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several models call their statuses `status` (and types `type`); each enum
    # gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "localaction.network.models.Membership.Status",
        "InventoryStatusEnum": "localaction.inventories.models.Inventory.Status",
        "MilestoneStatusEnum": "localaction.campaigns.models.MilestoneProgress.Status",
        "ActionStatusEnum": "localaction.campaigns.models.Action.Status",
        "TargetProgressEnum": "localaction.core.targets.Progress",
        "MembershipTypeEnum": "localaction.network.models.Membership.Type",
        "TargetTypeEnum": "localaction.campaigns.models.Target.Type",
        "DecisionMethodEnum": "localaction.governance.models.Decision.Method",
        "CountingMethodEnum": "localaction.elections.models.Election.Method",
        "PaymentMethodEnum": "localaction.finance.models.Payment.Method",
        "StrategicPlanStatusEnum": "localaction.strategy.models.StrategicPlan.Status",
        "ProspectStatusEnum": "localaction.development.models.Prospect.Status",
        "WorkProgrammeStatusEnum": "localaction.programmes.models.WorkProgramme.Status",
        "ActivityStatusEnum": "localaction.programmes.models.Activity.Status",
        "IndicatorValueStatusEnum": "localaction.results.models.Value.Status",
        "TrafficLightEnum": "localaction.results.status.Status",
        "IndicatorDirectionEnum": "localaction.results.models.Indicator.Direction",
        "SustainabilityDirectionEnum": "localaction.sustainability.sources.Direction",
        "BiodiversityCommitmentKindEnum": (
            "localaction.sustainability.biodiversity.models.BiodiversityCommitment.Kind"
        ),
        "BiodiversityCommitmentStatusEnum": (
            "localaction.sustainability.biodiversity.models.BiodiversityCommitment.Status"
        ),
        "ProjectKindEnum": "localaction.projects.models.Project.Kind",
        "DeliverableStatusEnum": "localaction.projects.models.Deliverable.Status",
        "ExchangeStatusEnum": "localaction.exchange.models.Exchange.Status",
        "EngagementStatusEnum": "localaction.consultancy.models.Engagement.Status",
        "RegistrationStatusEnum": "localaction.events.models.Registration.Status",
    },
}

# Wagtail (/cms/, the secretariat's editorial back office; the accounts'
# backend gives the secretariat its permissions, as in the Django admin).
WAGTAIL_SITE_NAME = "Local Action"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "login"  # one sign-in for the whole platform (throttled)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True}
}
# Documents are publications' files and lessons' material: no executables, no
# archives that could carry one, and a stated size.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_BYTES", str(50 * 2**20)))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 2**20
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
# No embeds from other hosts, no usage telemetry, no update check.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
