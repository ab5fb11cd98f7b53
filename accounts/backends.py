"""The first authentication backend: refuses a locked login before any password is hashed."""

from django.contrib.auth.backends import ModelBackend

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """axes' check, first in AUTHENTICATION_BACKENDS so ModelBackend never hashes a guess
    for a locked account or address.

    A login form always passes the request (Django's AuthenticationForm, so Wagtail's
    login). `authenticate()` without one comes from code — the test client's `login()`,
    a shell — where there is no address to count or lock; axes would raise, this lets
    the next backend decide.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # A session can name this backend (code that signs in with the first backend, as
        # Wagtail's page test helpers do); the user is found as ModelBackend finds it.
        return ModelBackend().get_user(user_id)
