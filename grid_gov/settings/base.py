"""Settings shared by every environment. Values come from the environment
(django-environ); nothing secret lives in the repository."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mptt",
    "import_export",
    "simple_history",
    "grid_gov",
    "orgs",
    "grids",
    "members",
    "cases",
    "participation",
    "intake",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # NUL characters and oversized bodies: refused before a view reads them.
    "grid_gov.middleware.RequestGuardMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a sign-in refused for too many failures into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "grid_gov.urls"
WSGI_APPLICATION = "grid_gov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "grid_gov.context_processors.site",
                "cases.context_processors.notifications",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# PostgreSQL in production and CI; SQLite is only the zero-setup default.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes SQLite's write lock when a transaction starts, so reads
    # inside a write transaction (tree edits, case actions) cannot go stale.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["TEST"] = {"NAME": None}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's admin applies these to every password it sets (add user, change
# password); so do createsuperuser and changepassword.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "grid_gov.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in: axes counts failures per account and per address (either one
# locks); a lock lasts AXES_COOLOFF_TIME or until an administrator deletes the
# access attempts in the admin (访问尝试). The first backend refuses a locked
# account before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("GRIDGOV_LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("GRIDGOV_LOGIN_LOCK_MINUTES", default=60))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "grid_gov.lockout.locked_out"
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, unless GRIDGOV_TRUSTED_PROXIES says how many
# proxies of ours stand in front and append to X-Forwarded-For (a client can
# write that header itself, so it is only read behind a known proxy).
TRUSTED_PROXIES = env.int("GRIDGOV_TRUSTED_PROXIES", default=0)
if TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Simplified Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    # Token first: an API call without credentials answers 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "grid_gov.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Writes per user (or address, for the anonymous); the token endpoint has
    # its own, tighter rate per address. Over the rate: 429.
    "DEFAULT_THROTTLE_CLASSES": ["grid_gov.throttles.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "write": env("GRIDGOV_THROTTLE_WRITES", default="120/minute"),
        "token": env("GRIDGOV_THROTTLE_TOKENS", default="20/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "grid_gov.schema.AutoSchema",
    "EXCEPTION_HANDLER": "grid_gov.api.exception_handler",
}

# API tokens (django-rest-knox): a new token on every sign-in, stored only as
# a hash, valid for GRIDGOV_TOKEN_HOURS, revoked by POST /api/v1/auth/logout/
# (this token) or /api/v1/auth/logout-all/ (every token of the caller).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("GRIDGOV_TOKEN_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# Content-Security-Policy: scripts and styles come from our own static files
# only. A template that needs an inline <script> or <style> gives it
# nonce="{{ CSP_NONCE }}"; style="..." attributes and on*="..." handlers are
# refused by the browser (set styles through a class or element.style in JS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "GridGov API",
    "DESCRIPTION": "网格化治理管理系统 API (v1)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI served by the project itself: intranets often have no internet.
    # Its start-up script is a file of its own (SpectacularSwaggerSplitView), for the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.Status",
        "SatisfactionEnum": "cases.models.Satisfaction",
        "UnitKindEnum": "orgs.kinds.UnitKind",
        "ActivityKindEnum": "participation.models.ActivityKind",
        "ActivityStatusEnum": "participation.models.ActivityStatus",
        "VenueKindEnum": "participation.models.VenueKind",
        "VenueStandardEnum": "participation.models.Standard",
        "DemandKindEnum": "participation.models.DemandKind",
        "DemandStatusEnum": "participation.models.DemandStatus",
        "ServiceKindEnum": "participation.models.ServiceKind",
        "PresenceEnum": "participation.models.Presence",
        "IntakeReportStatusEnum": "intake.models.ReportStatus",
        "TopicStatusEnum": "participation.models.TopicStatus",
    },
}

# Celery: Redis in production; with no REDIS_URL a file-system transport under
# var/ lets `make run` start a real worker and beat with nothing installed.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Celery's Redis caveat: a task taken but not acknowledged (acks_late, its
    # worker killed) is handed out again only after the visibility timeout, so
    # a long one just delays what a dead worker held. It must outlast the
    # longest task (else a running task is handed to a second worker) and the
    # longest ETA: no task here uses ETA or countdown (deadlines are scanned
    # from the database), and the time limits below end every task first.
    # Outbox deliveries never wait for it: the relay is sent every second.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE

# The default cache stays per process. Import progress is written by a Celery
# worker and read by the web process, so it needs a cache both can reach:
# Redis when there is one, else files under var/.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "progress"),
        }
    ),
    # API rate counts (grid_gov.throttles): shared by every web process.
    "throttle": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Tasks are idempotent, so a task whose worker died is run again rather than
# lost: acknowledged after they ran, and put back when the pool process
# running them dies (Celery warns this can loop on a task that kills its
# process; the time limits bound that, and the outbox relay is acknowledged
# on receipt). A task that failed is not run again by the broker: the outbox
# retries deliveries itself, with a backoff.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_TIME_LIMIT = 600
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task running when the broker connection drops can no longer be
# acknowledged and is handed out again anyway: cancel it rather than run it
# twice at once (Celery's advice, and its default from 6.0).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Workers and beat wait for a broker that is not up yet, or restarting, for
# as long as it takes, instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# On a cold shutdown (SIGQUIT, or SIGTERM with REMAP_SIGTERM=SIGQUIT as in
# docker-compose.yml) running tasks get this long, then are put back on the
# queue at once instead of waiting out the visibility timeout.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 10.0
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    # The outbox relay: delivers what actions wrote, retries what failed and
    # takes over what a dead worker held (grid_gov/outbox.py). A tick left
    # waiting is dropped: the next one does the same work.
    "outbox-relay": {
        "task": "grid_gov.tasks.relay_outbox",
        "schedule": 1.0,
        "options": {"expires": 5},
    },
    "outbox-prune": {"task": "grid_gov.tasks.prune_outbox", "schedule": crontab(hour=3, minute=40)},
    # Reminders, overdue marks and supervision all come from this one scan.
    "cases-scan-deadlines": {"task": "cases.tasks.scan_deadlines", "schedule": 60.0},
    # Needs on the demands board left unclaimed for GRIDGOV_DEMAND_REMIND_DAYS.
    "participation-remind-demands": {
        "task": "participation.tasks.remind_unclaimed_demands",
        "schedule": 3600.0,
    },
    # Monday: last week's grid reports drafted from the records (idempotent).
    "participation-draft-weekly-reports": {
        "task": "participation.tasks.draft_weekly_reports",
        "schedule": crontab(hour=1, minute=10, day_of_week="mon"),
    },
    # Deliberation tasks past their due date: supervised once each.
    "participation-supervise-topic-tasks": {
        "task": "participation.tasks.supervise_topic_tasks",
        "schedule": 3600.0,
    },
    # The quarter just ended is (re)published nightly in its first two weeks,
    # so scores entered late still count; publishing is idempotent.
    "dashboards-publish-last-quarter": {
        "task": "dashboards.tasks.publish_last_quarter",
        "schedule": crontab(hour=2, minute=30, day_of_month="1-15", month_of_year="1,4,7,10"),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The relay has a queue of its own, so a worker that serves only "outbox"
# keeps notifications going while long imports occupy the others. A worker
# started without -Q serves both.
CELERY_TASK_QUEUES = (Queue("celery", routing_key="celery"), Queue("outbox", routing_key="outbox"))
CELERY_TASK_ROUTES = {"grid_gov.tasks.relay_outbox": {"queue": "outbox"}}

# The outbox (grid_gov/outbox.py): how long one relay run may go on, how long
# a claim may be held before PostgreSQL frees it, how long delivered messages
# stay in the delivery log.
GRIDGOV_OUTBOX_RELAY_SECONDS = env.float("GRIDGOV_OUTBOX_RELAY_SECONDS", default=10.0)
GRIDGOV_OUTBOX_CLAIM_SECONDS = env.float("GRIDGOV_OUTBOX_CLAIM_SECONDS", default=60.0)
GRIDGOV_OUTBOX_KEEP_DAYS = env.int("GRIDGOV_OUTBOX_KEEP_DAYS", default=30)

# Cases: how long an overdue case waits before it is escalated one level for
# supervision; outside notification channels (SMS, WeChat; the default logs);
# photo limits.
GRIDGOV_SUPERVISE_GRACE_HOURS = env.int("GRIDGOV_SUPERVISE_GRACE_HOURS", default=24)
# Participation: days a posted demand waits unclaimed before it is reminded.
GRIDGOV_DEMAND_REMIND_DAYS = env.int("GRIDGOV_DEMAND_REMIND_DAYS", default=3)
# Deliberation: an evaluation with more than this percent unsatisfied sends
# the topic back to doing. Weekly grid reports are due this many days after
# the week ends (Monday), at this hour.
GRIDGOV_DELIBERATION_UNSATISFIED_PERCENT = env.int(
    "GRIDGOV_DELIBERATION_UNSATISFIED_PERCENT", default=30
)
GRIDGOV_WEEKLY_REPORT_DUE_DAYS = env.int("GRIDGOV_WEEKLY_REPORT_DUE_DAYS", default=1)
GRIDGOV_WEEKLY_REPORT_DUE_HOUR = env.int("GRIDGOV_WEEKLY_REPORT_DUE_HOUR", default=18)
GRIDGOV_NOTIFICATION_CHANNELS = env.list(
    "GRIDGOV_NOTIFICATION_CHANNELS", default=["cases.channels.LoggingChannel"]
)
GRIDGOV_PHOTO_MAX_BYTES = 10 * 1024 * 1024
GRIDGOV_PHOTO_MAX_SIDE = 1920
# A photo with more pixels than this is refused before it is decoded (a small
# PNG can unpack to gigabytes); Pillow itself refuses anything above twice it.
GRIDGOV_PHOTO_MAX_PIXELS = 40_000_000

# Request size limits. A body other than multipart (JSON, forms) may hold
# DATA_UPLOAD_MAX_MEMORY_SIZE bytes; a multipart request (photos, workbooks)
# GRIDGOV_REQUEST_MAX_BYTES in all, with at most DATA_UPLOAD_MAX_NUMBER_FILES
# files; larger answers 413, more files 400. Uploaded files above
# FILE_UPLOAD_MAX_MEMORY_SIZE wait in a temporary file, not in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
GRIDGOV_REQUEST_MAX_BYTES = 50 * 1024 * 1024

# Personal data (ID-card numbers, phones) is encrypted with this key; the
# keyed hash used for exact-match search is derived from it.
PERSONAL_DATA_KEY = env("GRIDGOV_PERSONAL_DATA_KEY", default="")
# Uploaded workbooks waiting to be imported (they hold personal data): a
# folder web servers never serve; empty means "private" beside MEDIA_ROOT.
GRIDGOV_PRIVATE_ROOT = env("GRIDGOV_PRIVATE_ROOT", default="")
# Excel files with more data rows than this are checked and applied in Celery.
GRIDGOV_IMPORT_SYNC_ROWS = env.int("GRIDGOV_IMPORT_SYNC_ROWS", default=2000)

# Intake (outside reports): the unit whose triage takes a point that lies in
# no grid (its code; empty: the first district); how near, how recent and how
# alike (0-1, shared character pairs) an open case must be to be offered as a
# duplicate; how many reports one phone and one address may file per hour on
# the public page; an intranet tile server for the map ({z}/{x}/{y}; empty:
# boundaries on a plain background).
GRIDGOV_INTAKE_FALLBACK_UNIT = env("GRIDGOV_INTAKE_FALLBACK_UNIT", default="")
GRIDGOV_DUPLICATE_METERS = env.int("GRIDGOV_DUPLICATE_METERS", default=300)
GRIDGOV_DUPLICATE_DAYS = env.int("GRIDGOV_DUPLICATE_DAYS", default=14)
GRIDGOV_DUPLICATE_SIMILARITY = env.float("GRIDGOV_DUPLICATE_SIMILARITY", default=0.2)
GRIDGOV_REPORTS_PER_PHONE_HOUR = env.int("GRIDGOV_REPORTS_PER_PHONE_HOUR", default=3)
GRIDGOV_REPORTS_PER_ADDRESS_HOUR = env.int("GRIDGOV_REPORTS_PER_ADDRESS_HOUR", default=10)
GRIDGOV_MAP_TILES_URL = env("GRIDGOV_MAP_TILES_URL", default="")
if GRIDGOV_MAP_TILES_URL:
    # The tile server's images are allowed by the CSP ({s}. subdomains as *.).
    _tiles = urlsplit(GRIDGOV_MAP_TILES_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{_tiles.netloc.replace('{s}.', '*.')}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
