"""Zero-setup development settings: SQLite, no Redis, DEBUG on by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Only for the local default; production refuses to start without its own key.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
PERSONAL_DATA_KEY = env(
    "GRIDGOV_PERSONAL_DATA_KEY", default="dev-only-personal-data-key-not-for-production"
)
