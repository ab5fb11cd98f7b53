"""Login and reset POSTs counted per address before any work; staff sessions that idle out."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from throttle.clients import client_hash
from throttle.limits import take

from . import views


class LoginThrottleMiddleware:
    """Answers 429 to an address sending too many login or password-reset forms.

    It runs before the session, the CSRF check and the view, so a flood of guesses
    costs one cache increment each, never a password hash (an Argon2 check takes about
    0.2 s of CPU on a 2-core server, and the readers share those cores). The lock-out
    rules (accounts.lockouts) limit guesses per account; this limits their rate.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            path = request.path_info
            if path == reverse("wagtailadmin_login"):
                window, limit = settings.DAYUAN_LOGIN_RATE_LIMIT
                wait = take("login", client_hash(request.META), limit, window)
                if wait:
                    return views.too_many_logins(request, wait)
            elif path == reverse("wagtailadmin_password_reset"):
                window, limit = settings.DAYUAN_PASSWORD_RESET_RATE_LIMIT
                wait = take("password-reset", client_hash(request.META), limit, window)
                if wait:
                    return views.too_many_resets(request, wait)
        return self.get_response(request)


# When the session's expiry was last pushed forward (seconds since the epoch).
ACTIVE_KEY = "_dayuan_active"


class IdleSessionMiddleware:
    """A logged-in session ends SESSION_COOKIE_AGE (STAFF_SESSION_IDLE_HOURS) after the
    last request that moved its expiry.

    The expiry moves when the session is saved. SESSION_SAVE_EVERY_REQUEST would write
    the session row on every admin click and every autosave; this saves it at most once
    every DAYUAN_SESSION_REFRESH_SECONDS, so an editor at work stays signed in and one
    who walked away is signed out within that much of the idle limit. Readers have no
    session cookie and are never touched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or SESSION_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(ACTIVE_KEY, 0) >= settings.DAYUAN_SESSION_REFRESH_SECONDS:
            session[ACTIVE_KEY] = now
        return response
