"""Settings, read from the environment (see README "Configuration").

With nothing set, the app runs on an embedded default: a SQLite file and the in-memory
channel layer. DATABASE_URL switches to PostgreSQL, REDIS_URL to the Redis channel layer.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "project.apps.ProjectConfig",  # system checks (project/checks.py)
    "accounts",
    "schools",
    "mastery",
    "live",
    "hostapi",
    "growth",
    "reflections",
    "challenges",
    "collaboration",
    "peerhelp",
    "personal_challenges",
    "leaderboards",
    "classgoals",
    "family",
    "privacy",
    "jobs",
]
# The demo school (`seed_demo`, content/*.yaml) comes with a source checkout only: nothing
# imports it, and the wheel and the Docker image leave it out (docs/demo.md).
if (BASE_DIR / "demo" / "apps.py").exists():
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "project.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "schools.time_zones.SchoolTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "project.urls"
ASGI_APPLICATION = "project.asgi.application"
AUTH_USER_MODEL = "accounts.User"
# Hashes the password with the database connection back in the pool (a class logs in at
# once). ModelBackend stays listed for the sessions it opened; it never sees a password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling: refuses a locked-out login first
    "accounts.backends.ModelBackendReleasingConnection",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "django.template.context_processors.i18n",
            ],
            "builtins": ["project.bars"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if env.str("TEST_DATABASE_NAME", default=""):
    # Lets parallel test runs on one server keep apart.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL plus immediate transactions: daphne's worker threads write concurrently.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
elif env.bool("DATABASE_POOL", default=True):
    from project.dbpool import check_connection

    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        # Per process (README "Configuration"); a request holds one only while it queries.
        "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=20),
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
        # Checked before each loan: a connection the server dropped (a restart) is replaced,
        # not handed to a request that would fail on it.
        "check": check_connection,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Pub/sub layer: no per-channel capacity to overflow; the database replays anything lost.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # A per-deployment (or per-test-run) prefix keeps rooms of parallel runs apart:
            # pub/sub channels ignore Redis's database number.
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="asgi"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Counters (login throttles, API rates) of parallel deployments or test runs apart.
            "KEY_PREFIX": env.str("CHANNEL_LAYER_PREFIX", default="asgi"),
        }
    }
    # Who is in which room: sorted sets in the same Redis, under the same per-run prefix.
    LIVE_PRESENCE_STORE = {
        "BACKEND": "redis",
        "URL": REDIS_URL,
        "PREFIX": env.str("CHANNEL_LAYER_PREFIX", default="asgi"),
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # One process: presence in its memory (live/presence_store.py).
    LIVE_PRESENCE_STORE = {"BACKEND": "memory"}

# Background tasks (docs/tasks.md): django.tasks with rows in this database, run by
# `manage.py worker` (one more process next to daphne; `make run` starts both). The same
# backend works on the embedded SQLite default.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# (dotted path of a django.tasks Task taking no arguments, interval in seconds): the worker
# enqueues each at most once per interval, however many workers run (jobs/scheduler.py).
PERIODIC_TASKS = [
    ("jobs.tasks.jobs_prune", 3600),
    # Every state has an end (docs/reliability.md "Scheduled work"): each job idempotent,
    # safe on two workers at once, and also a management command.
    ("challenges.tasks.expire_challenges", 60),
    ("challenges.tasks.finish_abandoned_challenges", 60),
    ("live.tasks.sweep_presence", 30),
    ("live.tasks.prune_room_log", 3600),
    ("privacy.tasks.privacy_cleanup", 24 * 3600),
    ("family.tasks.send_family_digest", 24 * 3600),
]

# What follows every new attempt, in this order, each in its own transaction and at most
# once per attempt (mastery/tasks.py, docs/protocol.md "After an answer"). Each is a function
# taking a mastery.events.AttemptRecorded.
ATTEMPT_RECORDED_SUBSCRIBERS = [
    "growth.subscribers.on_attempt",
    "personal_challenges.subscribers.on_attempt",
    "classgoals.subscribers.on_attempt",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "ar")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"  # the default; each school has its own (schools.School.time_zone)
# Dates and numbers in each language's own way (project/formats/): no US "11/28/2026" in
# English, and numbers without a thousands separator ("1250", "529,2" in French and Arabic).
FORMAT_MODULE_PATH = ["project.formats"]
USE_THOUSAND_SEPARATOR = False
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Production serves only the collected files, and a name missing from the manifest is an
# error, not a silent fallback to an unhashed (never cached right) name; project/checks.py
# stops startup when nothing was collected. Development finds files where they are.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MANIFEST_STRICT = not DEBUG

# Content-Security-Policy (Django's own middleware): scripts, styles and sockets from this
# site only. No inline script or style anywhere (bar widths are classes, project/bars.py;
# htmx runs without eval); violations are reported to /csp-report/ and logged.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "report-uri": "/csp-report/",
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # The proxy in front (deploy/nginx.conf) passes on a TLS terminator's X-Forwarded-Proto,
    # or sets its own scheme; Django reads it to know a request came over https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes speak plain HTTP inside the network
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Abuse limits (docs/reliability.md). Logins: django-axes locks a username from one IP
# address after LOGIN_FAILURE_LIMIT misses, for LOGIN_COOLOFF_MINUTES; a success resets it.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (AccessAttempt); successes need no row
# The attempts API, per client token (django-ninja's throttles): "N/s", "N/min", "N/h".
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="1200/min")
# Open sockets per user across every process (counted in the cache); more are closed 4429.
LIVE_MAX_SOCKETS_PER_USER = env.int("LIVE_MAX_SOCKETS_PER_USER", default=20)

# The server's young-generation garbage-collection threshold (project/asgi.py).
GC_YOUNG_THRESHOLD = env.int("GC_YOUNG_THRESHOLD", default=10_000)

# Live rooms: a client may send at most this much per message, this many per window.
LIVE_MAX_MESSAGE_BYTES = 4096
LIVE_RATE_BURST = env.int("LIVE_RATE_BURST", default=20)
LIVE_RATE_PER_SECOND = env.float("LIVE_RATE_PER_SECOND", default=5.0)
# Checks that cost a little on every publish: each event against its typed schema, and the
# lock order (live/publish.py). On in DEBUG and in the tests (tests/conftest.py).
LIVE_STRICT = env.bool("LIVE_STRICT", default=DEBUG)
# Presence: a socket not heard from this long is gone (default in live/rules.py).
LIVE_PRESENCE_GRACE_SECONDS = env.float("LIVE_PRESENCE_GRACE_SECONDS", default=0) or None
# The room log's history floor (live/history.py, docs/protocol.md "History floor"): each
# room keeps its last N events, none older than H hours (the privacy ceiling, docs/privacy.md).
LIVE_ROOM_LOG_KEEP_EVENTS = env.int("LIVE_ROOM_LOG_KEEP_EVENTS", default=500)
LIVE_ROOM_LOG_KEEP_HOURS = env.int("LIVE_ROOM_LOG_KEEP_HOURS", default=7 * 24)

# Sign-in with Madrasti 2.0 (docs/host-integration.md): the host's SimpleJWT access tokens.
# Off while no key is set. HS256 verifies with the host's shared SIGNING_KEY, RS256 with its
# public key (PEM text, or a path to a PEM file).
HOST_JWT_ALGORITHM = env.str("HOST_JWT_ALGORITHM", default="HS256")
if HOST_JWT_ALGORITHM not in ("HS256", "RS256"):
    raise ImproperlyConfigured("HOST_JWT_ALGORITHM must be HS256 or RS256.")
HOST_JWT_KEY = env.str("HOST_JWT_KEY", default="")
HOST_JWT_PUBLIC_KEY = env.str("HOST_JWT_PUBLIC_KEY", default="")
if HOST_JWT_PUBLIC_KEY and not HOST_JWT_PUBLIC_KEY.lstrip().startswith("-----BEGIN"):
    HOST_JWT_PUBLIC_KEY = Path(HOST_JWT_PUBLIC_KEY).read_text()
HOST_JWT_PUBLIC_KEY = HOST_JWT_PUBLIC_KEY.replace("\\n", "\n")
HOST_JWT_AUDIENCE = env.str("HOST_JWT_AUDIENCE", default="")
HOST_JWT_ISSUER = env.str("HOST_JWT_ISSUER", default="")
HOST_JWT_LEEWAY_SECONDS = env.int("HOST_JWT_LEEWAY_SECONDS", default=30)
# A hand-off token sent in a URL (GET) must live at most this long (exp - iat); the POST form
# takes any access token. Both are single-use.
HOST_HANDOFF_URL_MAX_SECONDS = env.int("HOST_HANDOFF_URL_MAX_SECONDS", default=120)

# Email: the parents' weekly digest (docs/privacy.md). EMAIL_URL as django-environ reads it,
# e.g. smtp+tls://user:password@smtp.example.ma:587; with DEBUG and none set, emails are
# printed on the console. Without it the digest command refuses to run.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
EMAIL_ENABLED = bool(EMAIL_URL)
# Unset: Django's usual default (SMTP on this machine), which the digest never uses.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "localhost"},
    }
}
if EMAIL_ENABLED:
    _mail = env.email_url_config(EMAIL_URL)
    MAILERS["default"] = {"BACKEND": _mail["EMAIL_BACKEND"]}
    if _mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        MAILERS["default"]["OPTIONS"] = {
            "host": _mail["EMAIL_HOST"],
            "port": _mail["EMAIL_PORT"],
            "username": _mail["EMAIL_HOST_USER"],
            "password": _mail["EMAIL_HOST_PASSWORD"],
            "use_tls": bool(_mail.get("EMAIL_USE_TLS")),
            "use_ssl": bool(_mail.get("EMAIL_USE_SSL")),
            "timeout": 30,
        }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Madrasti Growth <no-reply@localhost>")
# This site's address as people reach it: the links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
