"""Signing in through the real admin login form, and counting the password hashes it costs."""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Permission

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

LOGIN_URL = "/admin/login/"
PASSWORD = "correct-horse-battery"
COUNTING_HASHERS = ["tests.support.accounts.CountingHasher"]


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, like the test settings) that counts every hash it computes.

    Checking a password and ModelBackend's dummy hash for an unknown username both
    go through `encode`, so `computed` is the number of guesses that cost a hash.
    """

    algorithm = "counting_md5"
    computed = 0

    def encode(self, password, salt):
        CountingHasher.computed += 1
        return super().encode(password, salt)


def make_staff(username, password=PASSWORD, **fields):
    """An active user who may use the admin (not a superuser: no second factor owed)."""
    user = get_user_model().objects.create_user(username, password=password, **fields)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def post_login(client, username, password, address="203.0.113.7", **extra):
    """The admin login form as a browser posts it, from `address`."""
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def is_signed_in(client):
    return SESSION_KEY in client.session


def sign_in_verified(client, user):
    """Signed in and past the second step, as after entering a recovery code."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="测试恢复码", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
