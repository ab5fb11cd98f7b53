from .base import *  # noqa: F403

DEBUG = True
# Local development only; production reads SECRET_KEY from the environment.
SECRET_KEY = "django-insecure-dayuan-local-development-only"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Review notifications (submitted, sent back) print here: no mail server needed locally.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
