"""Settings, read from the environment.

With no variable set the tracker runs on the embedded default: SQLite, Celery tasks executed inline,
DEBUG on and a development secret key. Production sets ``DEBUG=false``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config.cache import one_client_per_pool
from config.platform import environment_from_vcap
from config.storage import LOCAL_EVIDENCE_STORAGE, s3_evidence_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# On Cloud Foundry (cloud.gov) the bound services say where the database, Redis and the bucket are.
for _name, _value in environment_from_vcap(os.environ.get("VCAP_SERVICES"), os.environ).items():
    os.environ.setdefault(_name, _value)

DEBUG = env.bool("DEBUG", default=True)

# A development key is only acceptable while DEBUG is on: production must bring its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.apps.TrackerAdminConfig",
    # Before django.contrib.auth: its changepassword replaces Django's own, so that a password set from
    # the server goes through the accounts service and its audit row.
    "accounts.operator.apps.OperatorCommandsConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "common",
    "accounts",
    "agencies",
    "credentialing",
    "records",
    "community",
    "grants",
    "reporting",
    "notifications",
    "demo",
    "web",
    "api",
]

MIDDLEWARE = [
    # First: refuse an oversized body (or a NUL in the address) before anything reads it.
    "common.limits.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.request_context.RequestContextMiddleware",
    # Outside sessions and CSRF: a response that sets a cookie is never left to a shared cache.
    "common.caching.CookiesAreNeverPublicMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor: which device verified this session, and no page or API call until it did.
    "django_otp.middleware.OTPMiddleware",
    "web.middleware.SecondFactorMiddleware",
    "common.caching.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "web.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# On PostgreSQL the application connects as a role that reads and writes rows only (DATABASE_URL), and
# ``manage.py migrate`` as the tables' owner: DATABASE_MIGRATE_URL, the same database with the owner's
# user and password (common/database_roles.py; docs/operations.md, "Database roles"). Unset, migrations
# use DATABASE_URL, as on the embedded default.
DATABASE_MIGRATE_URL = env.str("DATABASE_MIGRATE_URL", default="")
DATABASE_MIGRATE = env.db_url_config(DATABASE_MIGRATE_URL) if DATABASE_MIGRATE_URL else None
if DATABASE_MIGRATE is not None and DATABASE_MIGRATE["NAME"] != DATABASES["default"]["NAME"]:
    raise ImproperlyConfigured(
        "DATABASE_MIGRATE_URL must name the database of DATABASE_URL (only the user and password differ)."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waiting briefly for a lock beats failing at once when the dev server and a command overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# --- A streaming read replica (common/replica.py): heavy read-only views read from it, the rest does not.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    # The test runner makes no database on the (read-only) replica: it reads the default's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]
    # Outside sessions, so that a session written by this request counts as a write too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "common.replica.ReadYourWritesMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Set-password and reset links work once and for this long.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 60 * 60)

# --- Mail: ``smtp://user:password@host:587/?tls=True`` in production; the console by default ---------
# ``smtp+tls://`` (STARTTLS, port 587) or ``smtps://`` (implicit TLS, 465); django-environ leaves a
# ``?tls=True`` query in OPTIONS, which Django's SMTP backend ignores, so it is honoured here as well.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
_email_options = {key.upper(): value for key, value in EMAIL_CONFIG.pop("OPTIONS", {}).items()}
for _option, _setting in (("TLS", "EMAIL_USE_TLS"), ("SSL", "EMAIL_USE_SSL")):
    if str(_email_options.get(_option, "")).lower() in ("1", "true", "yes", "on"):
        EMAIL_CONFIG[_setting] = True
vars().update({name: value for name, value in EMAIL_CONFIG.items() if value is not None})
# A sender holds its notification's row lock while it talks to the server: never for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Where links in e-mails point (the sender runs in a worker, with no request to take the host from).
# By default the port the development server was given (``PORT``, as bin/demo takes it).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
# Notification e-mail the server could not take: first retry after this, doubling up to the maximum.
NOTIFICATION_RETRY_SECONDS = env.float("NOTIFICATION_RETRY_SECONDS", default=30)
NOTIFICATION_RETRY_MAX_SECONDS = env.float("NOTIFICATION_RETRY_MAX_SECONDS", default=1800)
# How far apart the sender's runs start: a notice after a quiet spell is sent at once, the notices of a
# burst by one run this long after the last (common.gathering; with a shared cache only, as production's
# CACHE_URL gives).
NOTIFICATION_SEND_GATHER_SECONDS = env.float("NOTIFICATION_SEND_GATHER_SECONDS", default=1.0)
# Where the error, accessibility and about pages send people who need a person to help.
# The office running the tracker names its own help desk; the default is only a placeholder.
HELP_DESK_EMAIL = env.str("HELP_DESK_EMAIL", default="help-desk@tracker.example.gov")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Credentialing Tracker <no-reply@localhost>")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True
# One way of writing dates for people, "December 6, 2026, 1:08 p.m." (see common.humanize).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence goes to an S3 bucket when one is named (several web nodes share it), to MEDIA_ROOT otherwise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
EVIDENCE_STORAGE = LOCAL_EVIDENCE_STORAGE
if AWS_STORAGE_BUCKET_NAME:
    EVIDENCE_STORAGE = s3_evidence_storage(
        bucket=AWS_STORAGE_BUCKET_NAME,
        region=env.str("AWS_S3_REGION_NAME", default=""),
        endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default=""),
        access_key=env.str("AWS_ACCESS_KEY_ID", default=""),
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
        location=env.str("AWS_LOCATION", default=""),
    )
# bin/demo runs with DEBUG off (the product's error pages) but serves the static files from their
# sources, as development does, rather than wait minutes for collectstatic; production never sets this.
STATIC_FROM_SOURCES = env.bool("STATIC_FROM_SOURCES", default=False)
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCES
STORAGES = {
    "default": EVIDENCE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or STATIC_FROM_SOURCES
            else "config.static_storage.StaticFilesStorage"
        )
    },
}

# Evidence documents live outside the web root and have no public URL: a view streams each one
# to users allowed to see its application.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/no-public-media/"
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest request body accepted at all (413 beyond it): an evidence upload and its form fields.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=EVIDENCE_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "common.limits.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Where an upload larger than that is spooled while the request is read (the system's temporary
# directory by default); a refused upload leaves nothing there (common/limits.py).
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default="") or None
# A grant program's applicant import: rows per file (a program has at most some thousands of applicants).
APPLICANT_IMPORT_MAX_ROWS = env.int("APPLICANT_IMPORT_MAX_ROWS", default=20_000)
# A body's bulk list of earlier determinations: rows per file (a national body may list 20,000 agencies).
BULK_LIST_MAX_ROWS = env.int("BULK_LIST_MAX_ROWS", default=20_000)

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the embedded default runs every task inline, in the caller's process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# E-mail has a queue of its own: one send after a national body's revocation is thousands of messages, and
# flags must not wait behind them. A worker started without -Q serves both queues (development, tests);
# production runs one worker per queue (manifest.yml, compose.yaml, docs/performance.md).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("notifications"))
CELERY_TASK_ROUTES = {"notifications.*": {"queue": "notifications"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A publish must not hold a user's request for long when the broker is down: the outbox row
# written with the state change guarantees the recompute happens anyway.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.1}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A message taken by a worker that died before acknowledging it is delivered again after this long.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes every database connection before and after each task unless this is set:
# each task then paid a new PostgreSQL session (a backend started, authenticated, its caches cold), more
# than the recompute itself. Set, the fixup closes them every this many tasks only, and config.celery
# closes a connection between tasks as Django does between requests (older than CONN_MAX_AGE, or unusable
# after an error).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# How late the first change of a burst enqueues its recompute (with a shared cache, the drain of every
# agency waiting; without one, its agency's task), so that more changes join it (grants.outbox). 0 by
# default: changes join while a recompute waits in the queue anyway, and a busy worker takes the waiting
# agencies along (grants.services.recompute_pending); a delay adds to every flag's lag.
ELIGIBILITY_COALESCE_SECONDS = env.float("ELIGIBILITY_COALESCE_SECONDS", default=0)
# How far apart the drains of the eligibility outbox start (with a shared cache only): a change after a
# quiet spell is recomputed at once, the changes of a busy spell by one drain every this many seconds
# instead of a task each. Each adds at most this to a flag's lag.
ELIGIBILITY_GATHER_SECONDS = env.float("ELIGIBILITY_GATHER_SECONDS", default=0.05)
ELIGIBILITY_OUTBOX_GRACE = timedelta(seconds=env.int("ELIGIBILITY_OUTBOX_GRACE_SECONDS", default=30))
CELERY_BEAT_SCHEDULE = {
    "relay-eligibility-outbox": {
        "task": "grants.relay_eligibility_outbox",
        "schedule": timedelta(seconds=30),
    },
    "expire-credentials": {
        "task": "credentialing.expire_credentials",
        "schedule": crontab(hour=0, minute=5),
    },
    "send-notifications": {
        "task": "notifications.send",
        "schedule": timedelta(seconds=60),
        "kwargs": {"retry": False},
    },
    "expiry-reminders": {
        "task": "notifications.expiry_reminders",
        "schedule": crontab(hour=0, minute=20),
    },
    "reconcile-eligibility": {
        "task": "grants.reconcile_all_eligibility",
        "schedule": crontab(minute=17),
    },
}

# Several beat processes may run (one per host, for failover): on Redis, celery-redbeat's lock lets one
# of them schedule and the others wait to take over, so no periodic task is sent twice.
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = CELERY_BROKER_URL
    CELERY_REDBEAT_KEY_PREFIX = "redbeat:"
    CELERY_REDBEAT_REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
    # A standby takes over at most this long after the active beat died; the holder renews it every tick.
    CELERY_REDBEAT_LOCK_TIMEOUT = env.int("BEAT_LOCK_TIMEOUT_SECONDS", default=60)
    CELERY_BEAT_MAX_LOOP_INTERVAL = max(1, CELERY_REDBEAT_LOCK_TIMEOUT // 5)
# A drill (the multi-node run): every periodic task every N seconds, to watch failover in minutes.
if BEAT_DRILL_SECONDS := env.int("BEAT_DRILL_SECONDS", default=0):
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = timedelta(seconds=BEAT_DRILL_SECONDS)

# --- Cache: the API's throttle counters. Production points CACHE_URL (or REDIS_URL) at Redis so that
# every gunicorn worker shares them; the default keeps them in each process's memory.
CACHES = {
    "default": one_client_per_pool(
        env.cache_url("CACHE_URL", default=env.str("REDIS_URL", default="locmemcache://"))
    )
}

# --- The proxies in front of the web nodes: how many of ours append to X-Forwarded-For (0: none is
# trusted; docs/operations.md, "Client addresses").
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is a number of proxies: 0 or more.")

# --- REST framework ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Filters and sort keys come from each list's FilterSet (shared with the web pages).
    "DEFAULT_FILTER_BACKENDS": ["api.filters.DomainFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "EXCEPTION_HANDLER": "api.exceptions.domain_exception_handler",
    # Counted before the credentials are refused too (api/views/base.py), so guessing tokens is slowed.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousRateThrottle",
        "api.throttling.SignedInRateThrottle",
    ],
    # The throttles above count by common.request_context.client_address; DRF's own reading of
    # X-Forwarded-For (anything else calling get_ident) is held to the same number of proxies.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/min"),
        "user": env.str("API_USER_RATE", default="3000/min"),
    },
}
# API tokens are stored hashed and die after API_TOKEN_TTL_DAYS (and with their owner's password).
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safe Policing Credentialing Tracker API",
    "DESCRIPTION": "Credential applications, credentialing bodies and grant eligibility under EO 13929.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema component per choice set, named after it.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "credentialing.states.ApplicationStatus",
        "EvidenceKindEnum": "credentialing.models.EvidenceKind",
        "StandardKindEnum": "credentialing.models.StandardKind",
        "FindingOutcomeEnum": "credentialing.models.FindingOutcome",
        "CertificationStatusEnum": "credentialing.models.CertificationStatus",
        "ProgramKindEnum": "grants.models.ProgramKind",
        "EligibilityBasisEnum": "grants.models.EligibilityBasis",
        "AgencyTypeEnum": "agencies.models.AgencyType",
        "StateEnum": "agencies.states.State",
        "RoleEnum": "accounts.models.Role",
        "RecordKindEnum": "records.models.RecordKind",
        "ReportKindEnum": "records.models.ReportKind",
        "ProcessStatusEnum": "records.models.ProcessStatus",
        "ReportingBasisEnum": "grants.models.ReportingBasis",
    },
}

# --- Security ------------------------------------------------------------------------------
# Where a request came from (common.request_context.client_address), for the lock-out, the API's rate
# limits and the audit trail alike: 0 trusts no header and takes the connection's address; behind N
# proxies of our own that each append to X-Forwarded-For, the Nth address from the right.
AXES_CLIENT_IP_CALLABLE = "common.request_context.client_address"
# Failures count per user name from any address and, separately, per address; each has its own limit
# (accounts/lockout.py; docs/operations.md, "Sign-in lock-out").
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# The lock-out answer is a page of ours (status 429), saying how long to wait and what to do.
AXES_LOCKOUT_TEMPLATE = "429.html"

# Multi-factor sign-in: these roles must enrol an authenticator app and pass it at every sign-in.
MFA_REQUIRED_ROLES = env.list(
    "MFA_REQUIRED_ROLES", default=["certifier", "doj_administrator", "grant_officer"]
)
# Wrong codes in a row after which the half-signed-in session is signed out.
MFA_MAX_FAILED_CODES = env.int("MFA_MAX_FAILED_CODES", default=5)
OTP_TOTP_ISSUER = "Safe Policing Credentialing Tracker"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    # Only bin/demo, on plain http at 127.0.0.1, turns this off (``check --deploy`` warns anyone else).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The TLS-terminating proxy in front of gunicorn says which requests came over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# One JSON object a line in production (common.logs, with the request id); readable text while developing.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "common.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        # Each request has a line of its own with its status: Django's "Not Found: /path" adds only paths.
        "django.request": {"level": "ERROR"},
    },
}

# --- Operations: probes, metrics and JSON logs (docs/operations.md, "Health, metrics and logs") --------
# /healthz, /readyz and /metrics are answered ahead of every other middleware (no session, no Host check,
# no HTTPS redirect); each request after them gets a request id, a log line and its metrics.
MIDDLEWARE[0:0] = ["operations.middleware.ProbeMiddleware", "operations.middleware.RequestLogMiddleware"]
# Seconds each readiness check (database, replica, cache, broker, evidence storage) may take.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)
# Who may read /metrics: addresses in these networks (CIDR), or a caller with this bearer token.
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Keep the proxy's X-Request-ID only when the proxy sets or replaces it on every request.
TRUST_REQUEST_ID_HEADER = env.bool("TRUST_REQUEST_ID_HEADER", default=False)
