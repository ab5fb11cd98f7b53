"""The one private Django API the second factor relies on (tests/twofactor/test_private_apis.py).

django-otp's middleware wraps Django's lazy `request.user` in a second lazy object.
Wagtail's log looks through one wrapper only, so it finds no log model for the doubly
wrapped user and drops the entry without a word; the admin's code gets the plain user.
"""

from django.utils.functional import LazyObject, empty


def concrete_user(user):
    """`user` without any LazyObject wrappers around it (evaluating them if needed)."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
