"""Settings shared by every environment.

Everything read from the environment is read here, in one place; dev / test /
production only choose between the values prepared below.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.utils.csp import CSP

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def redis_url_next_database(url):
    """The same Redis server, the next database number: redis://h:6379/0 -> redis://h:6379/1."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) if parts.path.strip("/").isdigit() else 0
    return urlunsplit(parts._replace(path=f"/{database + 1}"))


DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "")

# Read here for the production settings, which use them (docs/configuration.md lists all).
PRODUCTION_ENV = {
    "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
    "ALLOWED_HOSTS": env_list("ALLOWED_HOSTS"),
    "CSRF_TRUSTED_ORIGINS": env_list("CSRF_TRUSTED_ORIGINS"),
    "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "600")),
    "SECURE_SSL_REDIRECT": env_bool("SECURE_SSL_REDIRECT", True),
    "SECURE_COOKIES": env_bool("SECURE_COOKIES", True),
    "SECURE_HSTS_SECONDS": int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
    "SECURE_HSTS_PRELOAD": env_bool("SECURE_HSTS_PRELOAD", True),
    "WAGTAILADMIN_BASE_URL": os.environ.get("WAGTAILADMIN_BASE_URL", ""),
}

INSTALLED_APPS = [
    # The project's apps, top layer first (README: layout; `make lint` checks the order).
    "home",
    "accounts",
    "twofactor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "backups",
    "operations",
    "imports",
    "topics",
    "galleries",
    "liveblogs",
    "contentcheck",
    "distribution",
    "newsroom",
    "comments",
    "news",
    "video",
    "watermarks",
    "viewcounts",
    "pagecache",
    "throttle",
    "search",
    "wagtailmedia",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "captcha",
    "axes",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

if DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")):
    # Wagtail's database search backend uses PostgreSQL's full-text search through it.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    # First, so a cached page is answered with the headers every layer below added.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.middleware.CachedSiteMiddleware",
    "home.middleware.SiteContentSecurityPolicyMiddleware",
    # Per-address limits (DAYUAN_RATE_LIMITS): a 429 carries the headers above, costs no session.
    "throttle.middleware.RateLimitMiddleware",
    # Before the session and the view: a flood of login guesses costs a cache increment.
    "accounts.middleware.LoginThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the second step of signing in (twofactor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Every refusal from here inwards goes to the security log, with the user (operations/).
    "operations.middleware.SecurityEventMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Inside the session middleware, so a refreshed expiry is saved with the response.
    "accounts.middleware.IdleSessionMiddleware",
    # Last, as django-axes asks: turns a locked login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_project.urls"
WSGI_APPLICATION = "site_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "pagecache.context_processors.fragment_cache",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the view counter writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "dayuan"),
        }
    }
elif os.environ.get("CACHE_DIR"):
    # Shared by the processes of one machine: `make run`'s scheduling worker purges the
    # pages the development server cached.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dayuan",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Reads the page and content caches and template fragments may take from this worker's
# memory for a moment (pagecache/backends.py); local memory and files need no such layer.
# Templates name the alias (`{% wagtailcache ... using="near" %}`), so it always exists;
# app code falls back to the default alias where a site's settings leave it out.
CACHES["near"] = (
    {"BACKEND": "pagecache.backends.NearCache", "LOCATION": "default"}
    if REDIS_URL
    else dict(CACHES["default"])
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (accounts/, docs/accounts.md). New passwords are hashed with Argon2; PBKDF2
# hashes still verify and are rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # First: a locked login is refused before ModelBackend hashes the password.
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out (django-axes): 5 failures of one username from one address in 15 minutes lock
# that pair; 50 failures from one address lock the address (accounts/lockouts.py).
AXES_HANDLER = "accounts.handlers.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
DAYUAN_LOGIN_ADDRESS_FAILURE_LIMIT = 50
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
# A refused guess is not counted: it writes nothing, and the lock ends 15 minutes after
# the last real failure instead of lasting as long as the flood.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.lockouts.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Logins are logged in Wagtail's log (accounts/audit.py), not in a second table.
AXES_DISABLE_ACCESS_LOG = True
# Login and password-reset POSTs per client address, before any password is hashed:
# (window in seconds, requests allowed in it).
DAYUAN_LOGIN_RATE_LIMIT = (60, 20)
DAYUAN_PASSWORD_RESET_RATE_LIMIT = (60 * 60, 5)
# Reset mails one address may receive per window, whoever asks for them.
DAYUAN_PASSWORD_RESET_MAIL_LIMIT = (60 * 60, 3)
# A dotted path, not a password.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.PasswordResetForm"  # noqa: S105
# Staff sessions end after this many idle hours (readers have no session); the expiry is
# pushed forward at most every 5 minutes, not written on every request.
SESSION_COOKIE_AGE = int(float(os.environ.get("STAFF_SESSION_IDLE_HOURS", "8")) * 60 * 60)
DAYUAN_SESSION_REFRESH_SECONDS = 5 * 60
# Outgoing mail (password reset, review notifications), as Django 6.1's MAILERS; the
# EMAIL_* variables keep the names deployments know. Production turns password reset off
# unless EMAIL_HOST is set (production.py); for a local MTA set EMAIL_HOST=localhost.
EMAIL_CONFIGURED = bool(os.environ.get("EMAIL_HOST"))
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST") or "localhost",
            "port": int(os.environ.get("EMAIL_PORT") or "25"),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "use_ssl": env_bool("EMAIL_USE_SSL"),
            # Seconds: an unreachable server must not hold a worker forever.
            "timeout": int(os.environ.get("EMAIL_TIMEOUT") or "10"),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "webmaster@localhost"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No request to outside hosts from the admin: Gravatar (an MD5 of each editor's e-mail,
# and blocked in mainland China) and the dashboard's check for new Wagtail versions.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Chinese only: the admin offers no language whose translation is incomplete.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# The project's catalogue completes Wagtail's zh_Hans (docs/translations.md); read before
# every app's, for the server side and the admin's JavaScript catalogue (jsi18n) alike.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Let the application serve uploaded media itself (tests, single-machine set-ups).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# S3-compatible media storage, when configured (needs the `s3` extra: django-storages).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "大院网"
WAGTAILADMIN_BASE_URL = PRODUCTION_ENV["WAGTAILADMIN_BASE_URL"] or "http://127.0.0.1:8000"
# Search: the site's own database with Chinese-aware analysis (search/analysis.py); with
# ELASTICSEARCH_URL, Wagtail's Elasticsearch/OpenSearch backend with a CJK analyzer instead.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    from search.backends.elasticsearch import elasticsearch_backend_settings

    WAGTAILSEARCH_BACKENDS = {
        "default": elasticsearch_backend_settings(
            ELASTICSEARCH_URL,
            backend=os.environ.get("ELASTICSEARCH_BACKEND", "elasticsearch9"),
            index_prefix=os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "dayuan_"),
        )
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
# Days of search counts kept by `clean_search_stats` (and Wagtail's own
# searchpromotions_garbage_collect, whose default is 7): the search reports show 30 days.
WAGTAILSEARCH_HITS_MAX_AGE = 90
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
# Uploads (docs/media.md). A rendition costs memory and CPU by pixels, not bytes: a 14 KB
# PNG of 121 megapixels took 4-5 s and 530-760 MB per rendition, so pixels have a limit.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "newsroom.media_forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "newsroom.media_forms.DocumentForm"
# Uploaded video (docs/video.md): wagtailmedia's library with our model and form. Formats
# every browser plays. A larger file is refused with a Chinese message; 30 MB stays under
# nginx's client_max_body_size (32m), so the editor sees that message, not a 413.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "video.Video",
    "MEDIA_FORM_BASE": "newsroom.media_forms.VideoForm",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
}
DAYUAN_VIDEO_MAX_UPLOAD_SIZE = int(os.environ.get("VIDEO_MAX_UPLOAD_SIZE") or 30 * 1024 * 1024)
# Through Django, also with S3 storage, so an unpublished document stays private.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
TAGGIT_CASE_INSENSITIVE = True

# Public pages allow nothing but this origin; there is no inline script or style anywhere
# on them, so no nonce is needed and cached pages stay valid. Nothing may frame them:
# previews, which the admin shows in a frame of its own, get frame-ancestors 'self'
# (home/middleware.py).
_media_origins = [MEDIA_URL] if MEDIA_URL.startswith("http") else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_media_origins],
    "media-src": [CSP.SELF, *_media_origins],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Exactly the players of the allowed video hosts (video/embeds.py PLAYER_ORIGINS).
    "frame-src": [
        "https://player.bilibili.com",
        "https://v.qq.com",
        "https://player.youku.com",
        "https://w.yangshipin.cn",
    ],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin, as tight as Wagtail 8 allows (docs/security.md says why each source
# is there): 'unsafe-inline' scripts for the inline <script> of InlinePanel and the date
# and time widgets, 'unsafe-inline' styles for the style attributes of its templates.
# Nothing from another host: no Gravatar, no CDN, no oEmbed thumbnails.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *_media_origins],
    "media-src": [CSP.SELF, *_media_origins],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Sent with every response Django makes (home/middleware.py): no page of the site needs a
# camera, a microphone, the reader's position or payment, and none of its responses is
# meant to be embedded by another site.
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL or "WARNING"},
    # A request for a host not in ALLOWED_HOSTS is answered 400; scanners send thousands,
    # each logged with a traceback. Nothing to act on: drop them.
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}

# Dayuan's own knobs.
DAYUAN_PAGE_SIZE = 20
# Where `manage.py backup` writes its archives (docs/backups.md); git-ignored by default.
DAYUAN_BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))

# Two-factor sign-in for the admin (twofactor/, docs/two-factor.md): always for 主编 and
# superusers; for every account with admin access when TWO_FACTOR_REQUIRED_FOR_ALL_STAFF is on.
DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF = env_bool("TWO_FACTOR_REQUIRED_FOR_ALL_STAFF", False)
# Code attempts per user, right or wrong: (attempts, window in seconds).
DAYUAN_TWO_FACTOR_CODE_LIMIT = (5, 15 * 60)
DAYUAN_TWO_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Reader comments (comments/). Limits count stored comments per client address:
# (window in seconds, comments allowed in it).
DAYUAN_COMMENT_RATE_LIMITS = [(60, 5), (24 * 60 * 60, 50)]
DAYUAN_COMMENT_MAX_LENGTH = 1000
DAYUAN_COMMENT_PAGE_SIZE = 20
# Behind reverse proxies the reader's address arrives in a header (e.g. X-Forwarded-For);
# without one, REMOTE_ADDR is the reader. Each of our proxies appends the address it saw,
# so the value TRUSTED_PROXY_COUNT places from the right is the reader (throttle/clients.py).
DAYUAN_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
DAYUAN_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
CAPTCHA_CHALLENGE_FUNCT = "comments.captcha.challenge"
CAPTCHA_LENGTH = 6  # digits, shown in the image and read aloud (comments/captcha.py)
CAPTCHA_TIMEOUT = 15  # minutes: long enough to write a comment after loading the form
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (150, 44)
# The spoken captcha (语音验证码, comments/audio.py): Debian's espeak-ng, by name or path.
# Without it the form says the audio is unavailable and the image alone is offered.
DAYUAN_CAPTCHA_ESPEAK = "espeak-ng"
# Noise under the voice: the speech frames' level over the noise's, in dB, drawn per
# challenge from this range; clear for older listeners, never clean (docs/comments.md).
DAYUAN_CAPTCHA_AUDIO_SNR_DB = (10.0, 15.0)
CAPTCHA_2X_IMAGE = False
# View counts are buffered (in Redis when there is one, else in each worker) and written to the
# database every VIEW_FLUSH_SECONDS: see viewcounts/buffers.py. In Redis the buffer has a
# database of its own (the cache's number + 1, or VIEW_COUNT_REDIS_URL), so clearing the
# cache (FLUSHDB) can never drop views not yet written.
DAYUAN_VIEW_FLUSH_SECONDS = float(os.environ.get("VIEW_FLUSH_SECONDS", "1"))
VIEW_COUNT_REDIS_URL = os.environ.get("VIEW_COUNT_REDIS_URL", "") or (
    redis_url_next_database(REDIS_URL) if REDIS_URL else ""
)
if VIEW_COUNT_REDIS_URL:
    DAYUAN_VIEW_BUFFER = "viewcounts.buffers.RedisViewBuffer"
    DAYUAN_VIEW_BUFFER_OPTIONS = {
        "url": VIEW_COUNT_REDIS_URL,
        "prefix": CACHES["default"].get("KEY_PREFIX", "dayuan"),
        "interval": DAYUAN_VIEW_FLUSH_SECONDS,
    }
else:
    DAYUAN_VIEW_BUFFER = "viewcounts.buffers.LocalViewBuffer"
    DAYUAN_VIEW_BUFFER_OPTIONS = {"interval": DAYUAN_VIEW_FLUSH_SECONDS}
# Anonymous page responses are cached this long at most; publishing purges sooner.
DAYUAN_PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
DAYUAN_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# With a shared cache each worker also keeps what the page and content caches read in the
# last second: a breaking story's readers are answered without a round trip to Redis, and
# an edit reaches every worker within that second. Local memory is already in the worker.
# Off behind a front cache: the front cache takes those readers, and a page a worker still
# held in the second after a publish would be stored in front for the whole s-maxage.
DAYUAN_PAGE_CACHE_LOCAL_SECONDS = float(
    os.environ.get(
        "PAGE_CACHE_LOCAL_SECONDS",
        "1" if REDIS_URL and not os.environ.get("FRONTEND_CACHE_URL") else "0",
    )
)
# The HTTP cache in front (nginx proxy_cache, deploy/): purged with the page cache, by a
# request to this address; with several nginx machines, each one's, comma-separated
# (docs/deployment.md).
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URL")
if FRONTEND_CACHE_URLS:
    WAGTAILFRONTENDCACHE = {
        f"front{index}" if index else "front": {
            "BACKEND": "pagecache.frontend.PurgeBackend",
            "LOCATION": location,
        }
        for index, location in enumerate(FRONTEND_CACHE_URLS)
    }
DAYUAN_PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/",
    STATIC_URL,
    MEDIA_URL,
    "/search/",
    "/hits/",
    "/comments/",
    "/documents/",
)
# What `manage.py purge_cache` empties, and Redis's return after an outage that dropped
# writes: page cache, content cache, cached settings and view restrictions, template
# fragments. Never counters, rate limits, captchas or the view buffer (docs/caching.md).
DAYUAN_PURGED_CACHE_KEYS = (
    "dayuan:pc:*",
    "dayuan:content:*",
    "dayuan:content-version",
    "dayuan:comments-version:*",
    "dayuan:setting:*",
    "dayuan:restricted-page-paths",
    "template.cache.*",
)
# The only query parameters a cached page reads (listings' `page`, the sitemap's `p`):
# the cache key keeps these and ignores any other, so `?cb=<random>` cannot skip the cache.
DAYUAN_PAGE_CACHE_QUERY_PARAMETERS = ("page", "p")
# Paths whose views refuse (400) any query they do not read: their cache key keeps the
# whole query string, so each valid query is its own entry (liveblogs/views.py).
DAYUAN_PAGE_CACHE_VERBATIM_QUERY_PREFIXES = ("/live/",)
# How often a live blog's page asks for new entries (图文直播, docs/liveblogs.md).
DAYUAN_LIVE_POLL_SECONDS = 15
# A view counts once per reader address and article in this many seconds.
DAYUAN_VIEW_REPEAT_SECONDS = 30 * 60
# Requests per client address (throttle/): scope -> (path pattern, [(requests, seconds)]).
# Over a limit the answer is 429 with Retry-After. RATE_LIMITS=off turns them all off.
DAYUAN_RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS", True)
DAYUAN_RATE_LIMITS = {
    "hits": (r"/hits/", [(300, 60)]),
    "comments": (r"/comments/\d+/", [(30, 60), (300, 60 * 60)]),
    # Ahead of "captcha": speaking a challenge costs far more CPU than drawing one.
    "captcha_audio": (r"/captcha/audio/", [(10, 60), (60, 60 * 60)]),
    "captcha": (r"/captcha/", [(60, 60), (600, 60 * 60)]),
    # Ahead of "search": typing sends a request every 150 ms or so, and the answers are cached.
    "suggest": (r"/search/suggest/", [(240, 60), (3_000, 60 * 60)]),
    "search": (r"/search/", [(30, 60), (600, 60 * 60)]),
}
# Absolute addresses in feeds, the sitemap and robots.txt, never the request's Host:
# SITE_URL (e.g. https://www.example.com), else WAGTAILADMIN_BASE_URL.
DAYUAN_SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Baidu's 普通收录 API (distribution/); the site and token are a site setting, not the environment.
DISTRIBUTION_BAIDU_ENDPOINT = "http://data.zz.baidu.com/urls"
