"""The private Django API twofactor/private_apis.py relies on; fails when Django changes it."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils.functional import SimpleLazyObject

from twofactor.private_apis import concrete_user


class ConcreteUserTest(TestCase):
    def test_unwraps_django_otp_style_double_lazy_user(self):
        user = get_user_model().objects.create_user("lazy")
        inner = SimpleLazyObject(lambda: user)
        outer = SimpleLazyObject(lambda: inner)
        unwrapped = concrete_user(outer)
        self.assertIs(type(unwrapped), get_user_model())
        self.assertIs(unwrapped, user)

    def test_plain_objects_pass_through(self):
        user = get_user_model()(username="plain")
        self.assertIs(concrete_user(user), user)
