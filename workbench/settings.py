"""One settings module, driven by the environment.

DATABASE_URL (default: SQLite file db.sqlite3 beside manage.py), SECRET_KEY, DEBUG,
ALLOWED_HOSTS (comma separated), CSRF_TRUSTED_ORIGINS, MAX_UPLOAD_MB, and the blocks below
(TLS, sessions, login throttling, access). DEBUG is off unless set (`make run` sets DEBUG=1);
with DEBUG off, SECRET_KEY is required. README.md and SECURITY.md list every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY and with DEBUG off, the key stays empty: Django refuses to sign anything
# (ImproperlyConfigured), wsgi.py refuses to start, while commands that sign nothing (migrate,
# lint, type checks) still run. The tests set their own key (tests/conftest.py).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before admin so its tabbed admin widgets register.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served by the app, no outside requests
    # The task queue (Django 6's tasks framework, backported) and its database backend.
    "django_tasks",
    "django_tasks_db",
    # Not "health_check": as an app it is imported when Django starts, and its checks module
    # pulls in dnspython and redis, 80 ms of every command's and worker's start (a fifth of
    # Django's). The health views (workbench/views/health.py) import it when the URLs load,
    # and its one template is found through TEMPLATES' DIRS below.
    "workbench",
]


def _package_templates(package: str) -> Path:
    """A package's templates directory, found without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


MIDDLEWARE = [
    # Outermost: every log line of the request carries its id (workbench/request_id.py).
    "workbench.request_id.RequestIdMiddleware",
    # First: a body over the limit is refused before anything reads it.
    "workbench.views.request_limits.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves (after collectstatic), no proxy rule needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "workbench.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workbench.sessions.IdleSessionMiddleware",  # after SessionMiddleware: renews idle expiry
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "workbench.views.errors.ServiceErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", _package_templates("health_check")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workbench.views.my_work.header_counts",
                "workbench.views.mail_status.mail_status",
                "workbench.views.notifications.context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; a busy timeout instead of "locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # BEGIN IMMEDIATE: a write transaction takes the write lock at its start and waits
            # for it (timeout above), instead of failing with "database is locked" when it
            # read first and another connection wrote in between (WAL snapshot conflict).
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not Django's shared in-memory database: the browser tests' live server
    # then has its own connection per thread, as in production, instead of sharing the test
    # thread's connection (which fails when both use it at once).
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_NAME", str(BASE_DIR / ".cache" / "test-db.sqlite3"))
    }
    (BASE_DIR / ".cache").mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The UI's own languages (the language of menus and buttons), independent of the languages
# translators translate into, which live in the Language table.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
# Django merges these over the installed apps' catalogs, and an earlier entry over a later one
# (trans_real.DjangoTranslation._add_local_translations merges them in reverse). The second
# holds formal rewrites of django-allauth's informal German and Spanish entries ("du", "tú"),
# so its pages and mails address the reader as ours do; it is a catalog of its own because
# makemessages --no-obsolete on locale/<lang>/ would drop msgids that our code does not use.
# scripts/allauth_register.py audits and refreshes it; see README, "Interface languages".
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "_allauth"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# CONTENT languages are the languages the team translates into, kept separate from LANGUAGES
# (the UI's own languages); codes are Django's lower-case form ("zh-hans", "pt-br").
#
# django-modeltranslation: curated site content shown to readers (document titles and
# descriptions, workbench/translation.py), one column per field and content language
# (title_de, title_zh_hans), so adding a language here needs a migration. modeltranslation
# allows languages outside LANGUAGES (its docs on MODELTRANSLATION_LANGUAGES: they are just
# never *activated* by the UI). What modeltranslation 0.20.6 does enforce (read in its
# settings.py/admin.py): the default and fallback languages must be in this list, and every
# code must be in Django's LANG_INFO, because the tabbed admin asks get_language_bidi() for
# each column's text direction. It turns "-" into "_" in column names.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "pt-br",
    "ru",
    "uk",
    "tr",
    "ar",
    "fa",
    "he",
    "ur",
    "ja",
    "zh-hans",
    "ko",
    "hi",
    "ta",
)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# The glossary's content languages. A concept's terms are rows (GlossaryTerm: concept, language
# code, text, preferred or forbidden), not modeltranslation columns, so adding a language here
# needs no migration, and any code works, also one Django does not know (e.g. Sinhala:
# `GLOSSARY_LANGUAGES = (*MODELTRANSLATION_LANGUAGES, "si")`; the glossary page then names it
# as its Language row does, else by its code). The glossary never relies on the active UI
# language: it reads the terms of the document's language pair.
# Language.code stays BCP 47 ("zh-Hans", "pt-BR"): workbench.selectors.glossary.
# content_language() maps it to a glossary code (case-insensitive, then the primary subtag:
# "pt-PT" -> "pt"); a language not listed simply has no glossary. An import matches concepts
# by their term in GLOSSARY_DEFAULT_LANGUAGE.
GLOSSARY_DEFAULT_LANGUAGE = "en"
GLOSSARY_LANGUAGES = MODELTRANSLATION_LANGUAGES

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves STATIC_ROOT (run collectstatic at deployment); under DEBUG it reads the
# apps' static folders directly, as runserver does.
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded files a background job reads later (and files a job produces, e.g. a whole-memory
# export) go through Django's storage API: a directory every app server and worker shares
# (UPLOAD_ROOT; a network volume), or any storage backend set in STORAGES["default"].
UPLOAD_ROOT = Path(os.environ.get("UPLOAD_ROOT", str(BASE_DIR / "var" / "uploads")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(UPLOAD_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Cache: shared by every app server and worker ----------------------------------------
# CACHE_URL=redis://127.0.0.1:6379/0 (several machines), CACHE_URL=db (the database's own
# cache table, `manage.py createcachetable`; PostgreSQL only: it is written on a connection of
# its own, "cache", so a job's progress is seen while the job's transaction is still open), or
# unset: files under .cache/django-cache (one machine; what `make run` uses). Job progress and
# worker heartbeats live here (workbench/services/job_progress.py).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # Several sites (or test runs) may share one Redis.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
elif CACHE_URL == "db":
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("CACHE_URL=db needs PostgreSQL; leave it unset on SQLite.")
    DATABASES["cache"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["workbench.db_routers.CacheRouter"]
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "workbench_cache",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "django-cache")),
        }
    }

# --- Background jobs (django-tasks, database backend; workbench/services/jobs.py) ---------
# Workers are `manage.py db_worker` processes, as many as wanted, on any machine that reaches
# the database. A running job's worker writes a heartbeat every JOB_HEARTBEAT_SECONDS; one
# silent for JOB_LEASE_SECONDS is taken as dead (kill -9, machine lost) and its job marked
# failed. Uploads above BACKGROUND_ABOVE_KB are handled as jobs, smaller ones in the request.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5"))
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "60"))
# How much lower a db_worker's CPU priority is than the app servers' (os.nice; 0: the same).
JOB_WORKER_NICE = int(os.environ.get("JOB_WORKER_NICE", "10"))
# Finished jobs (and their files: a failed job's upload, a memory export) are kept this many
# days, then removed by `manage.py prune_jobs` (cron, daily).
JOB_KEEP_DAYS = int(os.environ.get("JOB_KEEP_DAYS", "30"))
BACKGROUND_ABOVE_KB = int(os.environ.get("BACKGROUND_ABOVE_KB", "256"))
# Pre-filling or accepting an alignment over more units than this runs as a job.
BACKGROUND_ABOVE_UNITS = int(os.environ.get("BACKGROUND_ABOVE_UNITS", "2000"))
# /health/ready/ fails when a ready task has waited longer than this (no worker takes work).
HEALTH_MAX_QUEUE_WAIT_SECONDS = int(os.environ.get("HEALTH_MAX_QUEUE_WAIT_SECONDS", "300"))

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Uploads: the importers refuse larger files with a clear message.
MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "20"))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# What reading one uploaded file may cost (workbench.formats.limits.FileLimits, read by
# workbench.limits.file_limits): blocks of a document, markup tags of an XML/HTML file (all
# parts of a .docx), TMX pairs or glossary concepts, a .docx inflated and its member count.
MAX_UNITS_PER_DOCUMENT = int(os.environ.get("MAX_UNITS_PER_DOCUMENT", "20000"))
MAX_FILE_ELEMENTS = int(os.environ.get("MAX_FILE_ELEMENTS", "2000000"))
MAX_FILE_RECORDS = int(os.environ.get("MAX_FILE_RECORDS", "200000"))
MAX_UNPACKED_MB = int(os.environ.get("MAX_UNPACKED_MB", "100"))
MAX_ARCHIVE_MEMBERS = int(os.environ.get("MAX_ARCHIVE_MEMBERS", "1000"))

# Request and text limits (read through workbench/limits.py; the README's settings table).
# A longer text is refused with a message, a larger request body with 413 before it is read;
# nothing already stored is cut. The body limit covers the largest upload and its form.
MAX_UNIT_SOURCE_CHARS = int(os.environ.get("MAX_UNIT_SOURCE_CHARS", "30000"))
MAX_TRANSLATION_CHARS = int(os.environ.get("MAX_TRANSLATION_CHARS", "60000"))
MAX_COMMENT_CHARS = int(os.environ.get("MAX_COMMENT_CHARS", "5000"))
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_MB", str(MAX_UPLOAD_MB + 1))) * 1024 * 1024

# Machine translation (workbench/machine/, README "Machine translation"). An engine is
# configured by its URL (and key); none configured, the feature is absent from the UI. The
# first engine serving a language pair is used, in this order.
MT_APERTIUM_URL = os.environ.get("MT_APERTIUM_URL", "")
MT_LIBRETRANSLATE_URL = os.environ.get("MT_LIBRETRANSLATE_URL", "")
MT_LIBRETRANSLATE_KEY = os.environ.get("MT_LIBRETRANSLATE_KEY", "")
MT_DEEPL_URL = os.environ.get("MT_DEEPL_URL", "https://api-free.deepl.com")
MT_DEEPL_KEY = os.environ.get("MT_DEEPL_KEY", "")  # DeepL is configured by its key
MT_TIMEOUT_SECONDS = float(os.environ.get("MT_TIMEOUT_SECONDS", "5"))
# The guard: a document whose share of unmodified machine output (per language) is above
# this percentage cannot be exported as final (as Content Translation limits publishing).
MT_UNMODIFIED_LIMIT_PERCENT = int(os.environ.get("MT_UNMODIFIED_LIMIT_PERCENT", "40"))
# Pre-translation: memory matches at or above this score win over the engine; a run from
# the page handles at most this many units (the command has no such bound).
MT_MEMORY_THRESHOLD = int(os.environ.get("MT_MEMORY_THRESHOLD", "90"))
MT_PRETRANSLATE_PAGE_UNITS = int(os.environ.get("MT_PRETRANSLATE_PAGE_UNITS", "25"))

# Editor pagination: units per page. Pages cost O(page), never O(document).
EDITOR_PAGE_SIZE = int(os.environ.get("EDITOR_PAGE_SIZE", "50"))

# --- Browser protections: headers on every response ------------------------------------
CSRF_COOKIE_HTTPONLY = False  # the editor's fetch() reads the token from the form instead
# A refused form gets the site's own page, in the reader's language (views/errors.py).
CSRF_FAILURE_VIEW = "workbench.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): scripts and styles only from our own static files;
# no inline script, no inline style attribute, no plugins, no framing, forms post only here.
# The downloadable HTML exports carry their own inline stylesheet: their views relax
# style-src for themselves alone (workbench/views/exports.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- TLS: for a deployment behind HTTPS (README "Deployment", SECURITY.md) -----------------
# Off by default so that `make run` and the tests work over plain http. Behind a TLS proxy:
# SECURE_SSL_REDIRECT=1 SECURE_HSTS_SECONDS=31536000 TRUST_X_FORWARDED_PROTO=1 (only when the
# proxy sets X-Forwarded-Proto itself and strips it from clients). With these and DEBUG=0,
# `manage.py check --deploy` is clean.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A load balancer probes /health/ over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies only over https when DEBUG is off (SECURE_COOKIES=0 for a plain-http test bed).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)

# --- Sessions: an idle session ends ------------------------------------------------------
# A session ends SESSION_IDLE_MINUTES (default 8 hours) after the last request; requests renew
# it, writing the session at most every SESSION_RENEW_SECONDS (workbench/sessions.py).
# Signing out ends it at once.
SESSION_ENGINE = "workbench.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", str(8 * 60))) * 60
SESSION_RENEW_SECONDS = int(os.environ.get("SESSION_RENEW_SECONDS", "300"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# --- Login throttling (django-axes) ------------------------------------------------------
# Failed logins are counted per user name and per client address (AccessAttempt rows in the
# database, so every app server sees them). After LOGIN_FAILURE_LIMIT failures for a user name,
# or from one address, further logins for it are refused with the lockout page (HTTP 429),
# even with the right password, for LOGIN_COOLOFF_MINUTES; every attempt during a lockout
# starts the wait again (the backoff: a script that keeps trying stays locked out). The site's
# login and /admin/ login both go through django.contrib.auth's authenticate(), which axes
# guards; so will django-allauth's (set AXES_USERNAME_FORM_FIELD = "login" then).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# allauth's login form names its field "login" (a user name or an e-mail address) and calls
# authenticate(username=...) or authenticate(email=...): this callable gives axes the one name.
AXES_USERNAME_CALLABLE = "workbench.views.accounts.attempted_login_name"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "workbench.views.accounts.locked_out"  # the translated lockout page
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; successful logins are not logged
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, unless the site runs behind reverse proxies. Then set
# LOGIN_PROXY_COUNT to their number and, where known, LOGIN_TRUSTED_PROXIES (comma-separated
# address prefixes); the address is read from X-Forwarded-For as the proxies wrote it, so a
# client cannot pick its own. Without this behind a proxy, every client shares the proxy's
# address and one attacker locks out everyone's logins.
if os.environ.get("LOGIN_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["LOGIN_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_PROXY_TRUSTED_IPS = env_list("LOGIN_TRUSTED_PROXIES", "") or None

# --- Accounts (django-allauth) -----------------------------------------------------------
# Sign-up, e-mail verification, password reset and change, e-mail addresses, OpenID Connect.
# SIGNUP_MODE says who may join: "open" (anyone, after verifying their e-mail address),
# "approval" (anyone may sign up; a site admin activates the account in the admin, Users,
# "active"), "invitation" (only with an invitation link; the default: `make run` sets open).
SIGNUP_MODE = os.environ.get("SIGNUP_MODE", "invitation").strip().lower()
if SIGNUP_MODE not in {"open", "approval", "invitation"}:
    raise ValueError("SIGNUP_MODE must be open, approval or invitation")
ACCOUNT_ADAPTER = "workbench.views.account_adapter.AccountAdapter"
# The sign-in form keeps the length limits of Django's own (workbench/views/login_form.py).
ACCOUNT_FORMS = {"login": "workbench.views.login_form.LoginForm"}
SOCIALACCOUNT_ADAPTER = "workbench.views.account_adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Confirming the address signs the new volunteer in, when it is done in the browser session
# that signed up (allauth keeps the new user's id there; a link opened elsewhere still asks
# for the password). In "approval" mode the account stays inactive until an admin activates
# it, so this signs no one in early.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Translation workbench] ")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("SECURE_COOKIES", not DEBUG) else "http"
# allauth's own rate limits stay on (sign-up, reset, verification mails per address); failed
# logins are counted by django-axes alone (above: one lockout, in the database, tested).
# Sign-in attempts per client address (allauth's "login" limit, 30 a minute by default):
# raise LOGIN_RATE_LIMIT (e.g. "200/m/ip") where many people sign in from one address at
# once (a workshop behind one NAT, or a proxy that does not pass the client address).
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "login": os.environ.get("LOGIN_RATE_LIMIT", "30/m/ip").strip() or None,
}
ACCOUNT_PREVENT_ENUMERATION = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider has verified it
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# A generic OpenID Connect provider (Keycloak, Authentik, Azure AD, Google Workspace...), on
# when OIDC_SERVER_URL is set: OIDC_PROVIDER_ID (in URLs and the callback: /accounts/oidc/
# <id>/login/callback/), OIDC_PROVIDER_NAME (the button), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET.
SOCIALACCOUNT_PROVIDERS: dict = {}
if os.environ.get("OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "sso"),
                "name": os.environ.get("OIDC_PROVIDER_NAME", "Single sign-on"),
                "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": os.environ["OIDC_SERVER_URL"]},
            }
        ],
    }

# --- E-mail ------------------------------------------------------------------------------
# EMAIL_URL (e.g. smtp+tls://user:password@mail.example.org:587, smtps://..., console://,
# file:///var/mail/workbench) or the EMAIL_* variables Django knows: EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT.
# DEFAULT_FROM_EMAIL is the sender. Without either, and with DEBUG on (`make run`), mail is
# written to the console; with DEBUG off and no mail server, sending fails and says so.
# The site's address for links in mail sent without a request (notifications, digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "workbench@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
if os.environ.get("EMAIL_URL"):
    import dj_email_url

    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # Django's default: SMTP to localhost:25; with no server there, sending fails (and the
    # page says so), never a pretend success.
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# --- Who reads documents -----------------------------------------------------------------
# DOCUMENTS_PUBLIC=1 (default): anyone, signed in or not, reads documents, their translations,
# history, comments, contributors and exports. DOCUMENTS_PUBLIC=0: only signed-in members of a
# language team and site admins do (workbench/permissions.py, can_read_documents).
DOCUMENTS_PUBLIC = env_bool("DOCUMENTS_PUBLIC", True)

# --- The REST API (/api/v1/, workbench/api/) -----------------------------------------------
# Personal tokens (Authorization: Token ...) for scripts, the session (with CSRF) for the
# browsable API. Rate limits per user (per address for anonymous reads), counted in a
# database cache table (migration 0012) so every app server sees the same counts.
API_RATE_USER = os.environ.get("API_RATE_USER", "3000/hour")
API_RATE_ANON = os.environ.get("API_RATE_ANON", "300/hour")
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "100"))
# Beside the shared default cache (above): the API's counts in a table of their own.
CACHES["api-throttle"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "workbench_api_throttle",
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workbench.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # enforces CSRF
    ],
    "DEFAULT_PERMISSION_CLASSES": ["workbench.api.access.ReadDocumentsOrSignedIn"],
    "DEFAULT_THROTTLE_CLASSES": [
        "workbench.api.throttling.UserRateThrottle",
        "workbench.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"user": API_RATE_USER, "anon": API_RATE_ANON},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "workbench.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Anonymous limits count per client address: REMOTE_ADDR, or behind LOGIN_PROXY_COUNT
    # proxies the address they saw (never an X-Forwarded-For a client made up).
    "NUM_PROXIES": int(os.environ.get("LOGIN_PROXY_COUNT") or 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Translation workbench API",
    "DESCRIPTION": (
        "Documents, units and their translations, reviews, exports, imports, translation "
        "memory and glossary. Authenticate with `Authorization: Token <token>` (made on the "
        "API tokens page) or the session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitStatusEnum": "workbench.api.serializers.ALL_STATUSES",
        "WriteStatusEnum": "workbench.api.serializers.WRITE_STATUSES",
        "DocumentFormatEnum": "workbench.api.serializers.DOCUMENT_FORMATS",
        "GlossaryFormatEnum": "workbench.api.serializers.GLOSSARY_FORMATS",
    },
}
# Webhooks: how long one delivery attempt may take, and how often it is tried.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))

# Structured logs: one JSON object a line (time, level, logger, message, request_id) with
# LOG_FORMAT=json, the default when DEBUG is off; readable text otherwise. The request id is
# the proxy's X-Request-ID or a new one ("job-<id>" inside a background job).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "workbench.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The services log what an operator wants to follow: imports, alignments, conflicts,
    # refused uploads and requests (one logger per module, workbench.services.*).
    "loggers": {"workbench": {"level": os.environ.get("WORKBENCH_LOG_LEVEL", "INFO")}},
}
