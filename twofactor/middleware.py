"""The second step of signing in cannot be skipped.

Placed right after django-otp's OTPMiddleware. A user who signed in with a password but
still owes a second factor (policy.needs_second_step) is, until they pass it:

- sent from every admin address — pages, previews, the admin API, choosers, 404s — to
  verification, or to enrolment if they have no device yet; only signing in and out,
  the password reset, the admin's static helpers and the two-factor pages themselves
  are let through;
- anonymous everywhere else, so a password alone opens no private page or document.

The check runs before the view (`process_view`), so even an address that would fail
later is refused first.
"""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from asgiref.sync import sync_to_async

from . import policy
from .private_apis import concrete_user

# Admin views a half-signed-in user may reach (by URL name).
OPEN_DURING_SECOND_STEP = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "twofactor_verify",
        "twofactor_enrol",
    }
)


def _as_reader(user):
    """The user a public view sees: nobody, while the second step is still owed."""
    user = concrete_user(user)
    if policy.needs_second_step(user):
        anonymous = AnonymousUser()
        anonymous.otp_device = None
        anonymous.is_verified = lambda: False
        return anonymous
    return user


def second_step_url(user, next_url=None):
    name = "twofactor_verify" if policy.is_enrolled(user) else "twofactor_enrol"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(reverse("wagtailadmin_home")):
            otp_user = request.user
            request.user = SimpleLazyObject(lambda: _as_reader(otp_user))
            original_auser = getattr(request, "auser", None)
            if original_auser is not None:

                async def auser():
                    return await sync_to_async(_as_reader)(await original_auser())

                request.auser = auser
            return None

        user = concrete_user(request.user)
        request.user = user
        if request.resolver_match.url_name in OPEN_DURING_SECOND_STEP:
            return None
        if not policy.needs_second_step(user):
            return None
        keep = request.get_full_path() if request.method in ("GET", "HEAD") else None
        return redirect(second_step_url(user, keep))
