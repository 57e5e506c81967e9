"""Essaim settings: one module, read from the environment.

With no variable set, Essaim runs the embedded default: SQLite, Celery tasks run eagerly in
the web process, local-memory cache, e-mail printed on the console. `DATABASE_URL` and
`REDIS_URL` switch to PostgreSQL and Redis. `PRODUCTION=1` turns on the deployment
hardening and refuses to start without `SECRET_KEY`, `ALLOWED_HOSTS` and `SITE_URL`.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # env.str raises ImproperlyConfigured when the variable is missing: no guessed secret.
    SECRET_KEY = env.str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG cannot be on in production.")
    # The local addresses answer the container's health check.
    ALLOWED_HOSTS = [*env.list("ALLOWED_HOSTS"), "127.0.0.1", "localhost"]
    # The links in e-mails, which a worker sends with no request to take the address from.
    SITE_URL = env.str("SITE_URL")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-mode-only-not-a-secret-" + "x" * 32)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
    SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# The site's public address, scheme and host only ("https://essaim.example.org"): paths from
# reverse() are joined to it (notifications.emails.absolute_url).
SITE_URL = SITE_URL.strip().rstrip("/")
_site = urlsplit(SITE_URL)
if (
    _site.scheme not in {"http", "https"}
    or not _site.netloc
    or _site.path
    or _site.query
    or _site.fragment
):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's address, scheme and host only, such as "
        f"https://essaim.example.org (got {SITE_URL!r})."
    )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accelerator",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rules",
    "django_fsm_log",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The kernel (accelerator, above) and the documents beside it; the domain, upstream
    # first; the features on top. Each imports only from the layers below it (pyproject's
    # import-linter contracts).
    "documents",
    "initiatives",
    "evaluations",
    "swarming",
    "catalogue",
    "dashboard",
    "notifications",
    "demo",
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
    "django_htmx.middleware.HtmxMiddleware",
    "accelerator.http.MethodNotAllowedPage",
]

ROOT_URLCONF = "accelerator.urls"
WSGI_APPLICATION = "accelerator.wsgi.application"

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
        },
    },
]

# Database: SQLite in the embedded mode, PostgreSQL (psycopg 3) from DATABASE_URL.
EMBEDDED_DATABASE = BASE_DIR / "var" / "essaim.sqlite3"
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{EMBEDDED_DATABASE}")}
if DATABASES["default"]["NAME"] == str(EMBEDDED_DATABASE):
    # SQLite creates the file, not its folder; the system checks already open the database
    # (JSONField asks it what it supports), so the folder must be there on a fresh clone.
    EMBEDDED_DATABASE.parent.mkdir(exist_ok=True)
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes are made for PostgreSQL; SQLite, the embedded mode, keeps their key
# columns and ignores the others (models.W040 says so for each).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Redis is both the Celery broker and the cache when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="essaim"),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ROUTES = {"*.render_*": {"queue": "pdf"}}
CELERY_BEAT_SCHEDULE = {
    # Documents a killed worker left in "rendering" are queued again.
    "recover-documents": {"task": "documents.tasks.recover_documents", "schedule": 300.0},
    # Staff's weekly digest of stalled initiatives, on Monday at 8:00 (CELERY_TIMEZONE).
    "stalled-digest": {
        "task": "notifications.tasks.send_stalled_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}
CELERY_TIMEZONE = "Europe/Paris"

AUTH_USER_MODEL = "accelerator.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded files are private: nothing serves MEDIA_ROOT; permission-checked views do.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Django 6.1 mailers: SMTP in production, the console in the embedded mode.
if PRODUCTION or env.str("EMAIL_HOST", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("EMAIL_HOST", default="localhost"),
                "port": env.int("EMAIL_PORT", default=25),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Essaim <essaim@localhost>")

# The accelerator's own rules.
VALIDATION_MIN_NESTA_LEVEL = env.int("VALIDATION_MIN_NESTA_LEVEL", default=2)
# A file that has stayed longer than this in a non-final stage shows in its lead's tasks.
STALLED_AFTER_DAYS = env.int("STALLED_AFTER_DAYS", default=30)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint's steps are noise; its warnings (a refused URL) are not.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Open data: the read-only API (/api/v1/) and the catalogue's downloads (catalogue/api).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Per client, counted in the cache (Redis): by IP address, or by account when signed in.
    "DEFAULT_THROTTLE_CLASSES": [
        "catalogue.api.throttling.AnonThrottle",
        "catalogue.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/min"),
        "user": env.str("API_USER_RATE", default="600/min"),
    },
    # The client's address is the last one the reverse proxy (which PRODUCTION assumes, see
    # SECURE_PROXY_SSL_HEADER) adds to X-Forwarded-For; REMOTE_ADDR without a proxy.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=1 if PRODUCTION else 0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Effect sizes and intervals as JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Essaim : données ouvertes",
    "DESCRIPTION": (
        "Le catalogue public « ce qui marche » en lecture seule : initiatives, résultats "
        "publics des évaluations notées, réplications et données de référence. Pages de 50, "
        "ETag (If-None-Match donne 304), débit limité par client. Le catalogue se télécharge "
        "aussi en CSV et en JSON : /ce-qui-marche/export.csv et /ce-qui-marche/export.json."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "TerritoryKindEnum": "initiatives.models.Territory.Kind",
        "EvaluationKindEnum": "evaluations.models.Kind",
    },
    # Swagger UI's files come from drf-spectacular-sidecar, served with our static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Cached answers also expire after this long (s), in case a change did not bump the version.
OPEN_DATA_CACHE_SECONDS = env.int("OPEN_DATA_CACHE_SECONDS", default=600)

# Documents (PDF) render on the "pdf" queue, within these limits (seconds).
DOCUMENT_TIME_LIMIT = env.int("DOCUMENT_TIME_LIMIT", default=180)
