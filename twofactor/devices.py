"""Authenticators (TOTP) and one-time recovery codes, kept by django-otp's plugins.

A user has at most one confirmed authenticator and one set of recovery codes. Every code
attempt, right or wrong, first counts against the user's limit
(DAYUAN_TWO_FACTOR_CODE_LIMIT, 5 per 15 minutes): a 6-digit code has 10^6 values and
three of them (the current step and one each side) are accepted, so at that rate
guessing takes years. django-otp's own back-off on each device (1, 2, 4 … seconds after
consecutive failures) comes on top.
"""

import math
import re
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from throttle import limits

from . import audit

AUTHENTICATOR_NAME = "身份验证器"
RECOVERY_CODES_NAME = "恢复码"
# What a code looks like once spaces and hyphens are gone: six digits from the
# authenticator, or a recovery code (django-otp's: 8 characters of lower-case base32).
AUTHENTICATOR_CODE = re.compile(r"[0-9]{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
THROTTLE_SCOPE = "twofactor-code"


class CodeRejected(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def normalise_code(value):
    return re.sub(r"[\s-]+", "", value or "").lower()


def _count_attempt(user):
    limit, window = settings.DAYUAN_TWO_FACTOR_CODE_LIMIT
    wait = limits.take(THROTTLE_SCOPE, str(user.pk), limit, window)
    if wait:
        minutes = math.ceil(wait / 60)
        raise CodeRejected(f"验证码尝试次数过多,请 {minutes} 分钟后再试。", status=429)


def _refuse_if_backing_off(device):
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = details.get("locked_until") if details else None
        when = timezone.localtime(until).strftime("%H:%M:%S") if until else "稍后"
        raise CodeRejected(f"连续输错次数过多,请在 {when} 之后再试。", status=429)


def verify(user, code):
    """The confirmed device of `user` that accepts `code`, or CodeRejected.

    A six-digit code goes to the authenticator, anything else to the recovery codes;
    a matched recovery code is deleted in the same transaction, so it works once.
    """
    _count_attempt(user)
    model = TOTPDevice if AUTHENTICATOR_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        # Locked rows: two requests with the same recovery code cannot both succeed.
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            _refuse_if_backing_off(device)
            if device.verify_token(code):
                return device
    audit.record(audit.VERIFY_FAILED, user, by=user)
    raise CodeRejected("验证码不正确,请重新输入。")


def pending_authenticator(user):
    """The authenticator being enrolled: the same secret until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(user, device, code):
    """Confirm the pending `device` with a code from the phone; returns new recovery codes.

    The new authenticator replaces any earlier one, and the recovery codes are replaced
    with it.
    """
    _count_attempt(user)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False)
            .select_for_update()
            .filter(pk=device.pk)
            .first()
        )
        if device is None:
            raise CodeRejected("这个二维码已经失效,请重新扫描页面上的二维码。")
        _refuse_if_backing_off(device)
        if device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            return device, replace_recovery_codes(user)
    audit.record(audit.VERIFY_FAILED, user, by=user)
    raise CodeRejected("验证码不正确。请确认手机时间准确,并输入当前显示的 6 位数字。")


def replace_recovery_codes(user):
    """A fresh set of single-use recovery codes; the old ones stop working."""
    count = settings.DAYUAN_TWO_FACTOR_RECOVERY_CODES
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
        codes = set()
        while len(codes) < count:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_all(user):
    """Delete every authenticator and recovery code of `user`; True if there was any."""
    with transaction.atomic():
        authenticators, _ = TOTPDevice.objects.filter(user=user).delete()
        recovery_codes, _ = StaticDevice.objects.filter(user=user).delete()
    return bool(authenticators or recovery_codes)


def authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def display_code(code):
    """abcdefgh -> abcd-efgh: easier to copy by hand; typing the hyphen is optional."""
    return f"{code[:4]}-{code[4:]}"


def secret_for_typing(device):
    """The key in base32, in groups of four, for typing into an app without a camera."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The otpauth:// address as an SVG QR code, drawn here (no outside service sees the key)."""
    return segno.make(device.config_url, error="m", micro=False).svg_data_uri(scale=5, border=2)
