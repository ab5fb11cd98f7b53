from .base import *  # noqa: F403

DEBUG = True
# Local development only; production reads SECRET_KEY from the environment.
SECRET_KEY = "django-insecure-dayuan-local-development-only"  # noqa: S105
ALLOWED_HOSTS = ["*"]
