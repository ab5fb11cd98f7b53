"""The captcha: django-simple-captcha's store and images, with stricter checking, and the
same challenge read aloud in Mandarin (语音验证码, comments/audio.py).

The library's own check reads the challenge and deletes it in two steps, so two
concurrent posts could both use one answer; here the DELETE itself decides which
request consumed it. Errors say whether the answer was wrong or the image expired.
The image and the audio are two renderings of one stored row: whichever the reader
used, the answer is checked once, against that row, with the same expiry.
"""

import io
import logging
import re
import secrets

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from ranged_response import RangedFileResponse

from . import audio

logger = logging.getLogger(__name__)

# Digits only: what a Mandarin listener can take down from speech (letters would be read
# as English), and no letter for a digit to be confused with in the image. Six digits
# (10^6) are harder to guess than the four characters of 25 used before (25^4 = 390,625).
ALPHABET = "0123456789"
# The library's keys: SHA-1 hex digests.
KEY = re.compile(r"[0-9a-f]{40}")
AUDIO_CACHE_SECONDS = 30

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
        context["audio_available"] = audio.available()
        context["length"] = captcha_settings.CAPTCHA_LENGTH
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


@never_cache
@require_GET
def audio_view(request, key):
    """The challenge with this key read aloud: a WAV file, or 404 / 410 / 503 said plainly.

    Fetching it consumes nothing (like the image): the answer is checked, once, when the
    form is posted. Per-address limits (DAYUAN_RATE_LIMITS' "captcha_audio") bound the
    CPU it costs.
    """
    if not audio.available():
        return _plain("语音验证码暂不可用,请使用图片验证码。", 404)
    if not KEY.fullmatch(key):
        return _plain("没有这个验证码。", 404)
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        # Gone, like the library's own views say: used, expired or never issued.
        return _plain("验证码已失效,请换一张验证码。", 410)
    cache_key = f"captcha-audio:{key}"
    wav = cache.get(cache_key)
    if wav is None:
        try:
            wav = audio.render(key, store.challenge)
        except audio.AudioUnavailable:
            logger.exception("audio captcha failed")
            return _plain("语音验证码暂不可用,请使用图片验证码。", 503)
        # The browser's <audio> asks for ranges, and they must cut one file: espeak-ng has
        # been seen to vary a sample's level between runs, so the rendered file is kept for
        # one playback's requests. Briefly: about 800 files (100 MB) if two cores did
        # nothing but render them (docs/comments.md).
        cache.set(cache_key, wav, AUDIO_CACHE_SECONDS)
    response = RangedFileResponse(request, io.BytesIO(wav), content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="captcha.wav"'
    return response


def _plain(text, status):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
