"""Settings for viborg_bu, read from the environment.

DEBUG, SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS come from the environment so that
one settings module serves development, CI and production.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY skal være sat, når DEBUG er slået fra (SECRET_KEY must be set when DEBUG is off)."
        )
    # Development only: a fixed key is harmless while DEBUG is on and nothing is deployed.
    SECRET_KEY = "django-insecure-development-only-key"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")):
    # The same bar as `check --deploy` (security.W009), but refused at startup rather than warned about.
    raise ImproperlyConfigured(
        "SECRET_KEY er for svag: den skal være mindst 50 tegn med mindst 5 forskellige tegn og må ikke begynde "
        "med 'django-insecure-'. Lav en ny med: python -c \"from django.core.management.utils import "
        'get_random_secret_key; print(get_random_secret_key())" '
        "(SECRET_KEY is too weak: at least 50 characters, 5 distinct, no 'django-insecure-' prefix)."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the search's trigram lookups on PostgreSQL; nothing on SQLite
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "statuses",
    "projects",
    "programs",
    "goals",
    "agreements",
    "initiatives",
    "meetings",
    "dashboard",
    "reporting",
    "search",
    "spreadsheets",
    "audit",
    "demo",
]

MIDDLEWARE = [
    # First: a request id on every log line and in the X-Request-ID header (core/observability.py).
    "core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every HTML response (django-csp; PDFs excepted, see the class).
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions after 30 idle minutes and 12 hours after login; needs the session, the user and messages.
    "core.middleware.SessionLifetimeMiddleware",
    # Cache-Control: private, no-store on whatever a logged-in user gets, unless the view set its own.
    "core.middleware.PrivateNoStoreMiddleware",
    # A PDF that cannot be made now (render caps, time limit) becomes a Danish page, not a server error.
    "core.middleware.PdfUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.timetravel.TimeTravelMiddleware",
    # Last, so that every view, including ones added later, needs a login.
    "core.middleware.LoginRequiredMiddleware",
    # django-axes turns a login refused by AxesStandaloneBackend into the lockout page; it wraps
    # only the response, so it can stand after LoginRequiredMiddleware (axes wants it last).
    "axes.middleware.AxesMiddleware",
]
if DEBUG:
    # runserver serves static files itself while DEBUG is on.
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "viborg_bu.urls"

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
                "core.context_processors.roles",
                "core.context_processors.menu",
            ],
            "builtins": ["core.templatetags.danish", "django.templatetags.l10n"],
        },
    },
]

WSGI_APPLICATION = "viborg_bu.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # With persistent connections, check one before reuse so a restarted database costs no request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: a page's queries run in milliseconds, and compiling one that PostgreSQL estimates
    # as large (the past's totals) took longer than running it (22 of 61 ms; ADR 0024).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A filter's choices are read with .iterator(), which on PostgreSQL opens a server-side cursor: DECLARE,
    # FETCH and CLOSE, three round trips for a few dozen rows (and one a pooler in transaction mode cannot
    # keep). Plain reads fetch them in one.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if env_bool("DB_POOL") and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's connection pool (psycopg-pool) in each worker process: a request borrows an open
    # connection instead of opening one (docs/deployment.md). Django wants CONN_MAX_AGE 0 with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DB_POOL_MAX", "8")),
        "timeout": 10,
    }


def _release() -> str:
    """This build of the portal: RELEASE from the environment (set by the deployment), else the git
    commit the code was checked out at, else "udvikling"."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    git = BASE_DIR / ".git"
    try:
        if git.is_file():  # a worktree: "gitdir: <path>"
            git = Path(git.read_text().split(":", 1)[1].strip())
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            common = (git / (git / "commondir").read_text().strip()).resolve() if (git / "commondir").exists() else git
            loose = [folder / ref for folder in (git, common) if (folder / ref).exists()]
            if loose:
                head = loose[0].read_text().strip()
            else:  # a fresh clone keeps its branches in packed-refs
                packed = (common / "packed-refs").read_text().splitlines()
                head = next(line.split()[0] for line in packed if line.endswith(" " + ref))
        return head[:12]
    except (OSError, IndexError, StopIteration):
        return "udvikling"


RELEASE = _release()

# The cache: shared by every app server through Valkey or Redis when CACHE_URL names one
# (redis://host:6379/0), else each process's own memory. The keys carry the release, so a rolling
# deploy never serves the markup of the other release (ADR 0019).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if CACHE_URL
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": f"viborg_bu:{RELEASE}",
        "TIMEOUT": 600,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AxesStandaloneBackend first: it refuses a locked-out username + address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth.PortalBackend",  # ModelBackend with the roles read in the user's query
]

# The password policy (ADR 0017, core/passwords.py): at least 12 characters (OWASP ASVS L2), not like the
# user's name, not a common password, not only digits, not only local words with a year. Messages in Danish.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.passwords.LocalWordsValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Danish formats everywhere: 1.500.000 kr. and 26. marts 2019. Numbers are grouped by their kind
# (core.formats, ADR 0013), never by the locale: a year or an id without a kind then reads 2026, not 2.026.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["viborg_bu.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "core/tables/table.html"

# --- Security (docs/decisions/0007 and 0008) -------------------------------------------------
# Production (DEBUG off) is HTTPS only; `make run` (DEBUG=1) and the tests stay on plain http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Behind a proxy that terminates TLS: SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https".
# Only set it when the proxy always sets (or strips) that header, or a client could claim https.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _proxy_header, _, _proxy_value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(",")
    if not _proxy_header.strip() or not _proxy_value.strip():
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER skal have formen 'HTTP_X_FORWARDED_PROTO,https' (header,value)."
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_header.strip(), _proxy_value.strip())
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preload is a deliberate, hard-to-undo choice for the whole registrable domain (the portal will
    # normally live on a municipal subdomain), so it is opt-in and its deploy warning is expected.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # e.g. https://bu.viborg.dk
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the cookie: htmx takes the token from <meta name="csrf-token">.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): nothing inline, everything from our own origin.
# data: images are Bootstrap's SVG icons in its CSS (select arrows, validation marks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sessions end after 30 minutes without a request and at the latest 12 hours after login
# (core.middleware.SessionLifetimeMiddleware). Activity moves the 30 minutes on, but the session is
# written at most once a SESSION_REFRESH_INTERVAL rather than on every request
# (SESSION_SAVE_EVERY_REQUEST): an idle user is logged out 29-30 minutes after their last request,
# and a page costs no extra database write (docs/decisions/0008).
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_INTERVAL = 60
SESSION_ABSOLUTE_MAX_AGE = 12 * 60 * 60

# Login throttling (django-axes): 5 failed logins lock that username from that address for
# 15 minutes; another user, or the same user elsewhere, is not affected.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind N trusted proxies the client address is the N-th from the right in X-Forwarded-For, but only
# when the request came from one of TRUSTED_PROXY_ADDRESSES (addresses or networks, comma-separated; the
# proxy on the same machine by default): a client that reaches gunicorn directly cannot pick its address
# by sending X-Forwarded-For (ADR 0017).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_ADDRESSES = [
    part.strip() for part in os.environ.get("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1").split(",") if part.strip()
]

# The tilgængelighedserklæring every Danish public body must publish (at was.digst.dk); /was and the
# footer link go there. Set per deployment.
ACCESSIBILITY_STATEMENT_URL = os.environ.get("ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/viborg-dk")
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip_address"

# Logs: one JSON object a line on stderr (gunicorn and systemd/journald keep it), with the request id
# that the answer's X-Request-ID header carries; a server error's traceback is in its line, without the
# request's cookies, headers or form data (core/observability.py, ADR 0017). LOG_LEVEL (default INFO).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.observability.RequestContextFilter"}},
    "formatters": {"json": {"()": "core.observability.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_context"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own loggers write through the root handler only (not its console or mail handlers).
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Not its start-up banner on every manage.py command; lockouts and failures are WARNING.
        "axes.apps": {"level": "WARNING"},
        # WeasyPrint reports each step of every render at INFO; its warnings (a refused fetch) still show.
        "weasyprint": {"level": "WARNING"},
    },
}

# Bilag PDFs (core/pdf.py, ADR 0017): at most this many renders at a time on a machine (keep it below the
# number of gunicorn workers, so that pages always have a worker), one per user; a request waits at most
# PDF_RENDER_WAIT_SECONDS for a free slot before it is told to try again.
PDF_RENDER_SLOTS = int(os.environ.get("PDF_RENDER_SLOTS", "1"))
PDF_RENDER_WAIT_SECONDS = float(os.environ.get("PDF_RENDER_WAIT_SECONDS", "2"))

# Background work (core/jobs.py, ADR 0020): issuing a bilag runs on a worker, not in the request.
# The default queue is a table in the portal's own database; `manage.py db_worker` runs its jobs
# (`make run` starts one). TASKS_BACKEND=django_tasks_rq.RQBackend (with django-tasks-rq and RQ_QUEUES)
# is the Redis/Valkey option for larger deployments (docs/deployment.md).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The folder of the render locks. None: one in the temp folder named by the code's folder and the database,
# shared by the workers of one machine. The test settings give each pytest-xdist worker its own.
PDF_LOCK_DIR = None

# Mail (reporting rounds' reminders, ADR 0026): printed on the console in development; in production an
# SMTP server from the environment. The tests use Django's outbox.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Børn & Unge <portal@viborg.dk>")
# The portal's own address in links of e-mails (there is no request to take it from).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Sign-in with the municipality's identity provider (core/oidc.py, ADR 0025) ------------------------------
# OpenID Connect (Microsoft Entra ID and others) with mozilla-django-oidc: the authorization-code flow with
# PKCE. Switched on by OIDC_CLIENT_ID with OIDC_DISCOVERY_URL (or OIDC_ISSUER). The groups or roles in the
# ID token (OIDC_ROLE_CLAIMS) give the portal's roles: comma-separated group ids or names per role.
# SAML (OS2faktor, KOMBIT's adgangsstyring) is a deployment option: docs/deployment.md.
OIDC_OP_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_ROLE_CLAIMS = env_list("OIDC_ROLE_CLAIMS", "groups,roles")
OIDC_ROLE_MAP = {
    "Redaktør": env_list("OIDC_EDITOR_GROUPS"),
    "Læser": env_list("OIDC_READER_GROUPS"),
    "Administrator": env_list("OIDC_ADMINISTRATOR_GROUPS"),
    "Ansvarlig": env_list("OIDC_OWNER_GROUPS"),  # owners who report on their items (reporting rounds)
}
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_LOGIN_LABEL = os.environ.get("OIDC_LOGIN_LABEL", "Log ind med Viborg Kommunes login")
# The local password login: on (everyone; the demo), administrators (a break-glass administrator only), off.
LOCAL_LOGIN = os.environ.get("LOCAL_LOGIN", "on").strip().lower()
if LOCAL_LOGIN not in {"on", "administrators", "off"}:
    raise ImproperlyConfigured("LOCAL_LOGIN skal være on, administrators eller off.")
# Inert until configured: it answers only the provider's callback.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "core.oidc.PortalOIDCBackend"]
if OIDC_RP_CLIENT_ID and (OIDC_OP_DISCOVERY_URL or OIDC_OP_ISSUER):
    # Logging out (a form) ends at the provider's end_session_endpoint: the policy must let the form go there.
    from urllib.parse import urlsplit as _urlsplit

    _provider = _urlsplit(OIDC_OP_DISCOVERY_URL or OIDC_OP_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_provider.scheme}://{_provider.netloc}")
