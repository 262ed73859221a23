"""Production settings: everything secret or site-specific comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

PERSONAL_DATA_KEY_MIN_LENGTH = 32


def personal_data_key(value: str) -> str:
    """The key that encrypts ID numbers and phones, refused at start-up when it
    cannot be one: without it the site would fail at the first encryption,
    and a weak one protects nothing."""
    make_one = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
    if not value:
        problem = "is not set"
    elif len(value) < PERSONAL_DATA_KEY_MIN_LENGTH:
        problem = f"is shorter than {PERSONAL_DATA_KEY_MIN_LENGTH} characters"
    elif value != value.strip() or any(ch.isspace() for ch in value):
        problem = "contains white space"
    elif len(set(value)) < 12 or any(
        word in value.lower() for word in ("dev-only", "test-only", "build-only", "change")
    ):
        problem = "is a placeholder, not a random key"
    else:
        return value
    raise ImproperlyConfigured(
        f"GRIDGOV_PERSONAL_DATA_KEY {problem}. Make one with {make_one}, keep it with "
        "the backups (docs/operations.md): data encrypted with it cannot be read without it."
    )


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
PERSONAL_DATA_KEY = personal_data_key(env("GRIDGOV_PERSONAL_DATA_KEY", default=""))
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP from inside the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
