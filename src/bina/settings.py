"""Django settings for Bina ASN.

Everything that differs between a laptop and production comes from the environment:

- ``DATABASE_URL``: ``sqlite:///path`` or ``postgres://user:pass@host:port/name``. Without it,
  a SQLite file in the data folder (WAL mode).
- ``BINA_DATA_DIR``: where the SQLite file, the generated secret key and uploads live
  (default: ``./data`` under the current directory).
- ``BINA_SECRET_KEY``: the secret key. Without it, one is generated once into the data folder.
- ``BINA_DEBUG``: ``1`` for development pages with tracebacks; off by default.
- ``BINA_ALLOWED_HOSTS``: comma-separated host names (default ``localhost,127.0.0.1``).
- ``BINA_SECURE``: ``1`` behind HTTPS: secure cookies, HSTS and the SSL redirect.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1 or 0")


DATA_DIR = Path(os.environ.get("BINA_DATA_DIR", Path.cwd() / "data")).resolve()


def _secret_key() -> str:
    configured = os.environ.get("BINA_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("BINA_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("BINA_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("BINA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bina.reference",
    "bina.org",
    "bina.people",
    "bina.accounts",
    "bina.audit",
    "bina.jobs",
    "bina.needs",
    "bina.plan",
    "bina.delivery",
    "bina.mentoring",
    "bina.ledger",
    "bina.evaluation",
    "bina.stakeholders",
    "bina.partners",
    "bina.web",
    "bina.api",
    "bina.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bina.web.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bina.accounts.middleware.ForcePasswordChangeMiddleware",
    "bina.partners.middleware.PartnerFenceMiddleware",
]

ROOT_URLCONF = "bina.urls"
WSGI_APPLICATION = "bina.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bina.web.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "bina.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and the background worker go on while one writer writes.
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].update(
            {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
            }
        )
        config["CONN_MAX_AGE"] = 0
        if os.environ.get("BINA_TEST_DB_FILE"):
            # Browser tests: a file, not pytest-django's shared in-memory database, so that the
            # live server's thread and the test's thread each have their own connection.
            config["TEST"] = {"NAME": os.environ["BINA_TEST_DB_FILE"]}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "bina.accounts.hashers.FirstLoginCodeHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"  # WITA: Gorontalo
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Upload limits: a 32,000-row roster is about 3 MB as .xlsx; refuse anything far larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
BINA_MAX_IMPORT_BYTES = int(os.environ.get("BINA_MAX_IMPORT_BYTES", 50 * 1024 * 1024))
BINA_MAX_IMPORT_ROWS = int(os.environ.get("BINA_MAX_IMPORT_ROWS", 200_000))

# Login throttle: at most this many failures per username and per client address in the window.
BINA_LOGIN_MAX_FAILURES = int(os.environ.get("BINA_LOGIN_MAX_FAILURES", 5))
BINA_LOGIN_WINDOW_SECONDS = int(os.environ.get("BINA_LOGIN_WINDOW_SECONDS", 15 * 60))


SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BINA_SECURE", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs never carry personal data: the filter masks 18-digit numbers (NIP) in every record.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nip": {"()": "bina.web.logging.MaskPersonalDataFilter"}},
    "formatters": {
        "masked": {
            "()": "bina.web.logging.MaskingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_nip"],
            "formatter": "masked",
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
