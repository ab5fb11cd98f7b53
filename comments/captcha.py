"""The image captcha: django-simple-captcha's store and images, with stricter checking.

The library's own check reads the challenge and deletes it in two steps, so two
concurrent posts could both use one answer; here the DELETE itself decides which
request consumed it. Errors say whether the answer was wrong or the image expired.
"""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: characters readers confuse in a noisy image.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"

MESSAGES = {
    "required": "请输入验证码。",
    "incomplete": "请输入验证码。",
    "gone": "验证码已失效(每张验证码只能使用一次),请输入新的验证码。",
    "expired": "验证码已过期,请输入新的验证码。",
    "wrong": "验证码不正确,请重新输入。",
}


def challenge():
    text = "".join(secrets.choice(ALPHABET) for _ in range(captcha_settings.CAPTCHA_LENGTH))
    return text, text.lower()


class CommentCaptchaWidget(CaptchaTextInput):
    """The library's widget; `deferred` renders it without a challenge.

    Every challenge is a database row. The form under an article is fetched as the reader
    scrolls near it, so most loads never post: a deferred widget leaves the key empty and
    site.js asks the library's refresh view for a challenge when the reader starts typing
    (587 form loads made 589 rows before). The no-JavaScript comment page renders one.
    """

    template_name = "comments/captcha_widget.html"
    deferred = False

    def render(self, name, value, attrs=None, renderer=None):
        if not self.deferred:
            return super().render(name, value, attrs, renderer)
        self._key, self._value = "", ["", ""]
        return super(CaptchaTextInput, self).render(name, self._value, attrs, renderer)

    def get_context(self, name, value, attrs):
        if self.deferred:
            context = super(CaptchaTextInput, self).get_context(name, value, attrs)
            context["image"] = ""
        else:
            context = super().get_context(name, value, attrs)
        context["captcha_key"] = self._key
        context["refresh_url"] = self.refresh_url()
        # The hidden key field: `required` and `autocomplete` are invalid HTML on type=hidden
        # (the Nu HTML Checker's errors); the key is checked on the server anyway.
        hidden = context["widget"]["subwidgets"][0]["attrs"]
        hidden.pop("required", None)
        hidden.pop("autocomplete", None)
        return context


class CommentCaptchaField(CaptchaField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", CommentCaptchaWidget())
        super().__init__(error_messages=dict(MESSAGES), **kwargs)

    def clean(self, value):
        # Required / incomplete checks of the two parts (key, answer).
        forms.MultiValueField.clean(self, value)
        key, answer = value[0], (value[1] or "").strip().lower()
        value[1] = ""  # never echo the answer back into a re-rendered form
        store = CaptchaStore.objects.filter(hashkey=key).first()
        # One try per image, right or wrong: an answer cannot be brute-forced or replayed.
        consumed = bool(store) and CaptchaStore.objects.filter(pk=store.pk).delete()[0] > 0
        CaptchaStore.remove_expired()
        if not consumed:
            raise ValidationError(MESSAGES["gone"], code="gone")
        if store.expiration <= timezone.now():
            raise ValidationError(MESSAGES["expired"], code="expired")
        if not answer or not secrets.compare_digest(store.response, answer):
            raise ValidationError(MESSAGES["wrong"], code="wrong")
        return value
