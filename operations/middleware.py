"""Refusals in the security log: every one Django answers, with who was refused."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext

from throttle.clients import client_address

from .logs import security_logger

# What Wagtail's admin tells a user it refuses (wagtail.admin.auth.permission_denied).
WAGTAIL_REFUSAL = "Sorry, you do not have permission to access this area."


class SecurityEventMiddleware:
    """Logs each refusal as a security event: a 403 (a permission refused, a failed CSRF
    check), or Wagtail's own way in the admin, a redirect home with an error message.

    Placed right after the message middleware, so it knows the user, can read the
    messages before they are stored, and sees the refusals of the views and the CSRF
    check. Failed logins, lock-outs and second-factor failures are logged where they are
    recorded (accounts/audit.py, twofactor/audit.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 or refused_by_wagtail(request, response):
            user = getattr(request, "user", None)
            username = user.get_username() if user is not None and user.is_authenticated else ""
            security_logger.warning(
                "拒绝访问:%s %s(用户 %s)",
                request.method,
                request.path,
                username or "未登录",
                extra={
                    "event": "forbidden",
                    "username": username,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "client": client_address(request.META),
                },
            )
        return response


def refused_by_wagtail(request, response):
    """Whether this is Wagtail's admin refusing: it answers a PermissionDenied raised in an
    admin view with a redirect to the dashboard and an error message, not a 403."""
    if response.status_code != 302 or response.get("Location") != reverse("wagtailadmin_home"):
        return False
    storage = messages.get_messages(request)
    texts = {WAGTAIL_REFUSAL, gettext(WAGTAIL_REFUSAL)}
    # Wagtail renders its messages through a template, which leaves blank lines after them.
    refused = any(
        message.level == messages.ERROR and str(message.message).strip() in texts
        for message in storage
    )
    storage.used = False  # read, not consumed: the dashboard still shows the message
    return refused
