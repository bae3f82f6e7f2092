"""Settings for every environment, read from the environment.

Unset ``DATABASE_URL`` means SQLite under ``var/``; unset ``REDIS_URL`` means an embedded,
file-based Celery broker. ``DEBUG`` off is production mode: it needs a real ``SECRET_KEY`` and
``ALLOWED_HOSTS``, and turns on every ``check --deploy`` protection.
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_addresses, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

# --- Secrets ------------------------------------------------------------------------------
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off "
        "(production mode). Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- The council ----------------------------------------------------------------------------
COUNCIL_NAME = env_str("COUNCIL_NAME", "Northbridge Borough Council")
COUNCIL_SERVICE_NAME = env_str("COUNCIL_SERVICE_NAME", "Commissioning governance")
# The service's address as people reach it: links in emails sent by the worker (no request there).
# In development it follows PORT, the port `make run` serves on (scripts/run.sh).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}" if DEBUG else "").rstrip("/")
if not DEBUG and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be set to the service's https:// address when DEBUG is off")
# The publication law (Local Government Act 1972 s.100B): clear working days between publishing an
# agenda and the meeting. Five in England; Welsh councils use three.
PUBLICATION_CLEAR_DAYS = env_int("PUBLICATION_CLEAR_DAYS", 5)
# The executive's clocks (the 2012 Regulations; docs/decisions/0018-executive-clocks.md).
# Reg 8: a key decision is one likely to mean expenditure or savings above this (or to be
# significant in two or more wards). Reg 9: its notice (the forward plan) comes this many clear
# calendar days before. Reg 10: the general exception's notice, this many clear working days before.
# LGA 2000 s.9F and the constitution: a decision may be called in until the end of this many
# working days after its notice is published.
KEY_DECISION_THRESHOLD_POUNDS = env_int("KEY_DECISION_THRESHOLD_POUNDS", 500_000)
# Savings realisation: a saving whose forecast falls below the amount claimed by more than this
# share (per cent) is at least at risk (amber), whatever status was typed, unless it is set on
# track by hand with a reason (commissioning/models/savings.py).
SAVINGS_TOLERANCE_PERCENT = env_int("SAVINGS_TOLERANCE_PERCENT", 5)
KEY_DECISION_NOTICE_CLEAR_DAYS = env_int("KEY_DECISION_NOTICE_CLEAR_DAYS", 28)
GENERAL_EXCEPTION_CLEAR_WORKING_DAYS = env_int("GENERAL_EXCEPTION_CLEAR_WORKING_DAYS", 5)
CALL_IN_WORKING_DAYS = env_int("CALL_IN_WORKING_DAYS", 5)
# The 2012 Regulations reg 5: notice of intention to meet in private (clear calendar days), and the
# further notice (clear working days, counted as for agendas).
PRIVATE_MEETING_NOTICE_CLEAR_DAYS = env_int("PRIVATE_MEETING_NOTICE_CLEAR_DAYS", 28)
PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS = env_int("PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS", 5)
# Who may call a decision in (the constitution; docs/decisions/0020-call-in.md): this many members
# of overview and scrutiny committees together, or the chair of one alone when CALL_IN_CHAIR_ALONE;
# and the O&S committee considers it at a meeting within this many working days of the call-in.
CALL_IN_MEMBERS_NEEDED = env_int("CALL_IN_MEMBERS_NEEDED", 3)
CALL_IN_CHAIR_ALONE = env_bool("CALL_IN_CHAIR_ALONE", True)
CALL_IN_CONSIDERED_WITHIN_WORKING_DAYS = env_int("CALL_IN_CONSIDERED_WITHIN_WORKING_DAYS", 15)
# Members register gifts and hospitality worth at least this (the council's code of conduct sets it;
# the LGA model code says "at least £50").
GIFTS_THRESHOLD_POUNDS = env_int("GIFTS_THRESHOLD_POUNDS", 50)
# How minutes are numbered, continuous through the municipal year for each body: {body_code} (the
# committee's short code), {n} (the number), {yy} (the year the municipal year starts, two digits),
# {year} (2026/27). "{body_code} {n}/{yy}" gives "OSC 12/26"; "{n}." gives "12.".
MINUTE_NUMBER_STYLE = env_str("MINUTE_NUMBER_STYLE", "") or "{body_code} {n}/{yy}"
try:
    MINUTE_NUMBER_STYLE.format(body_code="OSC", n=1, yy="26", year="2026/27")
except (KeyError, IndexError, ValueError) as error:
    raise ImproperlyConfigured(
        "MINUTE_NUMBER_STYLE may use only {body_code}, {n}, {yy} and {year}, for example {body_code} {n}/{yy}"
    ) from error
if "{n}" not in MINUTE_NUMBER_STYLE:
    raise ImproperlyConfigured("MINUTE_NUMBER_STYLE must contain {n}, the minute's number")
# Whose bank holidays are not working days: ENG (England), WLS (Wales), as the holidays library names them.
BANK_HOLIDAY_REGION = env_str("BANK_HOLIDAY_REGION", "ENG")
# load_demo builds a few agenda packs and the work-plan pack so a newcomer can download them at once.
# The tests turn it off (each pack build costs seconds) except where they check the demo's packs.
DEMO_BUILD_PACKS = env_bool("DEMO_BUILD_PACKS", default=True)

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # /sitemap.xml of the public record (record/sitemaps.py).
    "django.contrib.sitemaps",
    "django.forms",
    "guardian",
    "simple_history",
    # Sign-in throttling, and TOTP two-factor sign-in (docs/decisions/0008-two-factor-and-lockout.md).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "health_check",
    # The read-only open API (record/api): REST framework, its OpenAPI schema, filters, CORS for GET.
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "corsheaders",
    # The product, in layer order: each app may import only those listed before it.
    "council",
    "members",
    "scrutiny",
    "executive",
    "commissioning",
    "moderngov",
    "record",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (see the Security section).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: public and an ETag on the public's pages only; private for the signed-in
    # (council/http_cache.py). Before the session and CSRF middleware, so it sees their cookies.
    "council.http_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Access-Control-Allow-Origin on /api/ only (CORS_URLS_REGEX), before CommonMiddleware as it asks.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything needs a signed-in person unless the view is marked public (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Which authenticator app verified this session (request.user.otp_device), then the product's
    # rules: sessions end when idle or too old; two-factor roles reach nothing before the code.
    "django_otp.middleware.OTPMiddleware",
    "council.accounts.middleware.SessionLifetimeMiddleware",
    "council.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the audit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into the sign-in page saying when to try again.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "council.urls"
WSGI_APPLICATION = "council.wsgi.application"
ASGI_APPLICATION = "council.asgi.application"

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
                "council.context_processors.council",
            ],
        },
    },
]
# Forms render in the GOV.UK Frontend pattern (labels, hints, error summary, inline errors).
FORM_RENDERER = "council.forms.GovukFormRenderer"

# --- Database -------------------------------------------------------------------------------
_DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or _DEFAULT_SQLITE,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A restarted PostgreSQL must not break the next request on a persistent connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A machine with no servers (`make run`): the web server, the worker's processes and beat all
    # write to one file. Transactions take the write lock when they begin (IMMEDIATE), so one that
    # reads and then writes waits its turn instead of failing at once with "database is locked";
    # a writer waits up to 30 s for another; WAL lets pages read while a worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions read from Redis and written through to the database: one query less on every signed-in
# page (docs/benchmarks/load.md). Only with Redis: a cache of each process's own would let a session
# signed out in one web worker live on in another.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- People, sign-in and permissions ----------------------------------------------------------
AUTH_USER_MODEL = "council.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in (even with the right password) while the account or address is locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "anonymous user" row: the public reads published pages without any account.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# Throttling (django-axes): an account locks after SIGNIN_ACCOUNT_FAILURE_LIMIT failed sign-ins
# (wrong password or wrong two-factor code), an address after SIGNIN_ADDRESS_FAILURE_LIMIT, until
# SIGNIN_COOL_OFF_MINUTES pass without another failure or an Administrator unlocks the account.
SIGNIN_ACCOUNT_FAILURE_LIMIT = env_int("SIGNIN_ACCOUNT_FAILURE_LIMIT", 5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", 20)
SIGNIN_COOL_OFF_MINUTES = env_int("SIGNIN_COOL_OFF_MINUTES", 15)
AXES_HANDLER = "council.accounts.throttle.SignInThrottle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = SIGNIN_ACCOUNT_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=SIGNIN_COOL_OFF_MINUTES)
AXES_RESET_ON_SUCCESS = False  # a correct password between guesses must not reset an attacker's count
AXES_LOCKOUT_CALLABLE = "council.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # the product's own sign-in log (council.accounts) records successes
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's email address field
AXES_USERNAME_CALLABLE = "council.accounts.throttle.typed_email"
AXES_VERBOSE = False
# Two-factor sign-in (django-otp TOTP) is required for the roles that can open exempt papers or
# change the record (council.accounts.two_factor.REQUIRED_ROLES); optional for councillors.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", COUNCIL_NAME)
# Sessions end after SESSION_IDLE_MINUTES without a request (officers and clerks), or
# SESSION_IDLE_MINUTES_MEMBERS (councillors and Cabinet Members), and SESSION_MAX_HOURS after
# signing in whatever the activity.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_IDLE_MINUTES_MEMBERS = env_int("SESSION_IDLE_MINUTES_MEMBERS", 8 * 60)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
# Password reset requests: at most this many per email address and per requesting address an hour.
PASSWORD_RESET_LIMIT_PER_HOUR = env_int("PASSWORD_RESET_LIMIT_PER_HOUR", 5)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "council.accounts.passwords.NotTheDemoPasswordValidator"},
]

# --- Audit history --------------------------------------------------------------------------
SIMPLE_HISTORY_REVERT_DISABLED = True  # history is a record, not an undo button
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Locale and time ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files and documents -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
_static_backend = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG or env_bool("STATIC_UNHASHED", default=False)
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
# Documents go to S3-compatible storage when a bucket is named, so web and worker machines share them.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {"default": _media_storage, "staticfiles": {"BACKEND": _static_backend}}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest supporting document a clerk may upload (bytes); the web server must accept this much too.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# The most pages one uploaded PDF may have. Pages cost little to store but much to number and merge:
# a 459 KB PDF can hold 50,000 pages (one page drawing shared by all), which took a pack build 129 s
# and 700 MB before there was a limit. Counted at upload, before anything else is done with the file.
DOCUMENT_MAX_PAGES = env_int("DOCUMENT_MAX_PAGES", 500)
# The most pages of uploaded PDFs one pack may carry (its generated pages, the front sheet, agenda
# and item covers, are not counted). An upload that would take the next agenda pack over it is
# refused, and a build over it fails naming the document, before anything is rendered.
PACK_MAX_PAGES = env_int("PACK_MAX_PAGES", 2000)
WHITENOISE_AUTOREFRESH = DEBUG
# How long a browser or a shared cache may keep a public page (seconds) before asking again with its
# ETag (council/http_cache.py): a newly published agenda reaches every visitor within this.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60)
# The app keeps the public's copy of a public page in the cache too, until any record changes (and
# for PUBLIC_PAGE_MAX_AGE at most), and serves it again without a query (council/http_cache.py).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", default=True)
# A signed-in person's own copy of the busiest read-mostly pages (``@private_page``), kept for them in
# their session under the same version, and for PRIVATE_PAGE_MAX_AGE seconds at most, so text that
# changes with the clock ("due in 3 days") is at most that old (council/page_cache.py).
PRIVATE_PAGE_CACHE = env_bool("PRIVATE_PAGE_CACHE", default=True)
PRIVATE_PAGE_MAX_AGE = env_int("PRIVATE_PAGE_MAX_AGE", 60)

# --- Email ----------------------------------------------------------------------------------
# Every email is handed to Celery after the transaction commits; the worker delivers it through
# EMAIL_DELIVERY_BACKEND. No request waits on a mail server.
EMAIL_BACKEND = "council.mail.CeleryEmailBackend"
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "democratic.services@northbridge.example")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The accessibility statement (PSBAR 2018, /accessibility/): where people ask for an accessible
# format or report a problem, how many working days the council takes to reply, and the day the
# statement was last reviewed (YYYY-MM-DD).
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
ACCESSIBILITY_CONTACT_PHONE = env_str("ACCESSIBILITY_CONTACT_PHONE", "")
ACCESSIBILITY_REPLY_WORKING_DAYS = env_int("ACCESSIBILITY_REPLY_WORKING_DAYS", 5)
try:
    ACCESSIBILITY_LAST_REVIEWED = datetime.date.fromisoformat(env_str("ACCESSIBILITY_LAST_REVIEWED", "2026-12-07"))
except ValueError as error:
    raise ImproperlyConfigured("ACCESSIBILITY_LAST_REVIEWED must be a date written YYYY-MM-DD") from error

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    # The embedded broker for `make run` on a machine with no servers: messages are files under var/.
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Kombu's exchange tables (broadcasts to the workers), under var/ too, not the checkout's root.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # Consultation emails are rows in the database, claimed every minute by this one beat task
    # (never ETA/countdown tasks: Redis redelivers those after its visibility timeout).
    "consultation-reminders": {
        "task": "members.consultations.tasks.send_due_reminders",
        "schedule": 60.0,
    },
    # Consultations open and close at their times (the owner may also do either by hand).
    "consultations-open-and-close": {
        "task": "members.consultations.tasks.open_and_close_due",
        "schedule": crontab(minute="*/5"),
    },
    # A programme board seat that starts later or ends today changes who may edit the review
    # at midnight: the grants follow (commissioning.signals handles every other change at once).
    "commissioning-board-grants": {
        "task": "commissioning.tasks.sync_board_grants",
        "schedule": crontab(hour=0, minute=5),
    },
    # A councillor whose term ended yesterday loses their roles and grants (members/services/terms.py).
    "members-withdraw-access-after-terms": {
        "task": "members.tasks.withdraw_access_after_terms",
        "schedule": crontab(hour=0, minute=10),
    },
    # Reminders to the executive of scrutiny responses coming due: a row per reminder, so once only.
    "recommendation-reminders": {
        "task": "scrutiny.tasks.send_recommendation_reminders",
        "schedule": crontab(minute=0, hour="8-17"),
    },
    # Members told which items of a published agenda touch their interests: a row per notice, so
    # once only; queued after each publication, and retried here after a mail server failure.
    "interest-notices": {
        "task": "scrutiny.tasks.send_interest_notices",
        "schedule": crontab(minute="*/10"),
    },
    # The summons to each member when an agenda or supplement is published: a row per recipient, so
    # once only; queued after each publication, and retried here after a mail server failure.
    "summonses": {
        "task": "scrutiny.tasks.send_summonses",
        "schedule": crontab(minute="*/5"),
    },
    # Pack builds are rows recorded with the change that asked for them (a forward plan published);
    # one whose message never reached the broker is sent again here.
    "pack-builds-requeue": {
        "task": "council.packs.tasks.requeue_waiting_builds",
        "schedule": crontab(minute="*/5"),
    },
    # Search: the text of any uploaded PDF the worker missed, then the whole index rebuilt nightly
    # (record.services.search), so a failed worker or a missed signal only delays a search hit.
    "search-document-text": {
        "task": "scrutiny.tasks.extract_missing_document_text",
        "schedule": crontab(minute="*/15"),
    },
    "search-index-rebuild": {
        "task": "record.tasks.rebuild_search_index",
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Throttling counts the client's address as the proxy saw it, never one the client can forge:
    # the right-most TRUSTED_PROXY_COUNT entries of X-Forwarded-For were added by our proxies.
    AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# --- Security: Content-Security-Policy (django-csp 4) ------------------------------------------
# Scripts and styles only from the service's own static files: no inline script, no style
# attributes, no eval. A response that sets its own policy keeps it (django-csp adds its header
# only when the view has not set one): uploaded documents are served with ``sandbox``.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # GOV.UK Frontend's crest and the favicon are SVG files
        "font-src": ["'self'"],
        "connect-src": ["'self'"],  # the pack build page polls its own status
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Security: Permissions-Policy (django-permissions-policy) ---------------------------------
# The service uses none of these browser features: each is off for every origin.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Security: error reporting ---------------------------------------------------------------
# An unhandled error (500) is emailed to ADMINS by Django's AdminEmailHandler, through the same
# Celery mail path as every other email, and sent to Sentry when SENTRY_DSN is set. The error page
# says the service team has been told only when one of these is configured.
# ADMINS: "Name <email>, other@example.org" (names optional).
ADMINS = env_addresses("ADMINS")
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # No people's details, request bodies, query data or local variables: exempt papers stay here.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        traces_sample_rate=0.0,
    )

# --- Security: health checks (django-health-check) ------------------------------------------
# /healthz, public for load balancers, checks PostgreSQL, the Celery broker, the cache and document
# storage (council/health.py); it names each part and its status, never an address or a secret.

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "no_traceback_below_500": {"()": "council.log.NoTracebackBelow500"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Unhandled errors to ADMINS (see "Security: error reporting"), through EMAIL_BACKEND.
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each rendering step at INFO: only its warnings (e.g. a refused fetch) matter.
    "loggers": {
        # Not propagated: Django's own "django" logger would mail the same error a second time.
        # A 403 or 400 is logged in one line; a 500 with its traceback, and mailed.
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "filters": ["no_traceback_below_500"],
            "propagate": False,
        },
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes reports every sign-in at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # pikepdf says "C++ to Python logger bridge initialized" at INFO on import; qpdf's warnings
        # about a damaged PDF come through the same logger at WARNING and still show.
        "pikepdf": {"level": "WARNING"},
    },
}

# --- Email alerts (record/: docs/decisions/0028-email-alerts.md) -------------------------------
# Subscription requests (each sends a confirmation email) per hour, per email address and per
# network address, counted as password resets are.
ALERT_REQUESTS_PER_ADDRESS_PER_HOUR = env_int("ALERT_REQUESTS_PER_ADDRESS_PER_HOUR", 5)
ALERT_REQUESTS_PER_NETWORK_PER_HOUR = env_int("ALERT_REQUESTS_PER_NETWORK_PER_HOUR", 20)
CELERY_BEAT_SCHEDULE.update(
    {
        # Alerts are rows recorded for what was published (each once), sent here as it happens.
        "record-alerts": {"task": "record.tasks.send_alerts", "schedule": 60.0},
        # The daily digest, at 07:00 London time (CELERY_TIMEZONE).
        "record-alert-digests": {"task": "record.tasks.send_alert_digests", "schedule": crontab(hour=7, minute=0)},
        # Subscriptions never confirmed are forgotten once their link has run out.
        "record-expire-subscriptions": {
            "task": "record.tasks.expire_subscriptions",
            "schedule": crontab(hour=3, minute=30),
        },
    }
)
# --- The open API (record/api, docs/api.md) ------------------------------------------------------
# Read-only JSON for everyone; a personal token (record.ApiToken) shows what its holder may see.
# JSON only: DRF's browsable pages need inline styles the CSP refuses (docs/decisions/0030-open-api.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["record.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "record.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["record.api.throttling.AnonThrottle", "record.api.throttling.TokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/min"),
        "user": env_str("API_THROTTLE_TOKEN", "600/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Behind our proxies the client is the address they saw (as for django-axes); otherwise the
    # socket's (0, never None: None would believe an X-Forwarded-For the client wrote itself).
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 1) if env_bool("BEHIND_TLS_PROXY", default=False) else 0,
}
API_MAX_PAGE_SIZE = 200
SPECTACULAR_SETTINGS = {
    "TITLE": "Open data API",
    "DESCRIPTION": "The council's public record, read-only. Data under the Open Government Licence v3.0.",
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
}
# CORS for the API's GET requests only, from any site, never with credentials (cookies).
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("authorization", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("etag", "last-modified", "retry-after")
# Search (record.services.search): how much of each uploaded PDF's text is extracted and indexed.
SEARCH_PDF_MAX_PAGES = env_int("SEARCH_PDF_MAX_PAGES", 2000)
SEARCH_PDF_MAX_PAGE_CHARS = env_int("SEARCH_PDF_MAX_PAGE_CHARS", 20000)

# --- Pack build leases and the workers' heartbeat (docs/decisions/0038-pack-build-leases.md) -------
# A worker claims a pack build for PACK_BUILD_LEASE_SECONDS and extends the claim while it works;
# the sweeper (every minute) queues again a build whose claim ran out: its worker stopped. Well
# under the broker's visibility timeout, after which Redis would redeliver the task itself.
PACK_BUILD_LEASE_SECONDS = env_int("PACK_BUILD_LEASE_SECONDS", 120)
_visibility_timeout = CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 60 * 60)
if _visibility_timeout < PACK_BUILD_LEASE_SECONDS * 2:
    raise ImproperlyConfigured("PACK_BUILD_LEASE_SECONDS must be well under the broker's visibility timeout")
# Each worker's main process sends its heartbeat every WORKER_HEARTBEAT_SECONDS from a thread of
# its own, busy or idle (docs/decisions/0048-worker-heartbeat-thread.md); with none for
# WORKER_STALE_AFTER_SECONDS, /healthz fails and the clerk's pack pages say builds are delayed.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30)
WORKER_STALE_AFTER_SECONDS = env_int("WORKER_STALE_AFTER_SECONDS", 120)
CELERY_BEAT_SCHEDULE.update(
    {"pack-builds-sweep": {"task": "council.packs.tasks.sweep_expired_builds", "schedule": 60.0}}
)
# --- The transactional outbox (council/outbox: docs/decisions/0039-transactional-outbox.md) ------
# Every email and after-change task is a row written with the change; the sweep hands to the broker
# each row it never took (a broker that was down), with backoff, and again any row claimed or sent
# longer than the lease ago with no sign of being done (a lost message, a killed worker).
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 35 * 60)  # longer than any outbox task's time limit
CELERY_BEAT_SCHEDULE.update({"outbox-sweep": {"task": "council.tasks.dispatch_outbox", "schedule": 60.0}})
# Pack builds (council/packs/parallel.py): generated parts rendered in this many worker processes
# (0: one per core, at most 4), when at least PACK_PARALLEL_MIN_PARTS of them need rendering (fewer
# are rendered in the build's own process); "fork", "forkserver" or "spawn".
PACK_RENDER_WORKERS = env_int("PACK_RENDER_WORKERS", 0)
PACK_PARALLEL_MIN_PARTS = env_int("PACK_PARALLEL_MIN_PARTS", 6)
PACK_RENDER_START_METHOD = env_str("PACK_RENDER_START_METHOD", "fork")
# The most generated pages (front sheet, agenda, reports, minutes) one pack may have: a build whose
# generated parts had more at its last build is refused before anything is rendered, and one whose
# parts come out longer stops rendering and is refused before the merge.
PACK_MAX_GENERATED_PAGES = env_int("PACK_MAX_GENERATED_PAGES", 2000)
# Lists that grow with the archive (meetings, decisions, reviews, consultations, responses...) are
# shown this many rows a page (council.pagination; issue 17).
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 20)
