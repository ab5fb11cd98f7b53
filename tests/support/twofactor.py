"""Two-factor helpers for tests: enrolled devices and the codes a phone would show."""

import re
import time
from base64 import b32decode
from urllib.parse import urlsplit

from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.newsroom import PASSWORD
from twofactor import devices, policy

ADMIN_HOME = "/admin/"
VERIFY_URL = "/admin/two-factor/verify/"
ENROL_URL = "/admin/two-factor/enrol/"
MANAGE_URL = "/admin/two-factor/"
RECOVERY_CODES_URL = "/admin/two-factor/recovery-codes/"
USERS_URL = "/admin/two-factor/users/"


def reset_url(user):
    return f"/admin/two-factor/users/{user.pk}/reset/"


def code_for(device, steps_ahead=0):
    """The six digits the user's phone shows now (or `steps_ahead` 30-second steps later).

    django-otp accepts one step either side and never the same step twice, so a second
    sign-in in the same half minute uses the next step's code, as a phone would a moment later.
    """
    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{token.token():0{device.digits}d}"


def wrong_code_for(device):
    """Six digits that no step within the tolerance accepts."""
    valid = {code_for(device, offset) for offset in (-1, 0, 1)}
    return next(
        candidate
        for candidate in (f"{number:06d}" for number in range(0, 1_000_000, 7919))
        if candidate not in valid
    )


def enrol(user):
    """A confirmed authenticator and fresh recovery codes: (device, codes)."""
    device = TOTPDevice.objects.create(user=user, name=devices.AUTHENTICATOR_NAME, confirmed=True)
    return device, devices.replace_recovery_codes(user)


def verify(client, device, steps_ahead=0, next_url=None):
    """Pass the second step in `client`'s session with the phone's current code."""
    data = {"code": code_for(device, steps_ahead)}
    if next_url:
        data["next"] = next_url
    return client.post(VERIFY_URL, data)


def password_only(client, user, password=PASSWORD):
    """Signed in with the password alone: the second step, where one is owed, is still to come.

    (`client.force_login()` passes the second step as well: see tests/conftest.py.)
    """
    assert client.login(username=user.get_username(), password=password)


def pass_second_step(client, user):
    """Mark `client`'s session verified, as a correct code would, if `user` owes the step.

    A user who must use two-factor sign-in and has no device gets one first.
    """
    if not (policy.is_required(user) or policy.is_enrolled(user)):
        return
    device = next(devices_for_user(user), None)
    if device is None:
        device, _codes = enrol(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def next_code_for(device):
    """The phone's code for the first time step django-otp will still accept.

    A code works once: right after a sign-in in the same half minute, that is the next
    step's code (accepted within the tolerance), as the phone shows a moment later.
    """
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while device.last_t + 1 - clock.t() > 1:  # two sign-ins already in this half minute
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.1)
    return code_for(device, steps_ahead=max(0, device.last_t + 1 - clock.t()))


def pass_second_step_in_browser(page, user):
    """After the admin's password form in a real browser: the code `user`'s phone would show.

    Enrols the phone from the key on the page when the user has none yet (and leaves the
    recovery codes page), or enters the next code of the user's authenticator.
    """
    page.wait_for_url(re.compile(r"/admin/"), wait_until="domcontentloaded")
    path = urlsplit(page.url).path
    if path == ENROL_URL:
        secret = page.locator("[data-twofactor-secret]").inner_text().replace(" ", "")
        code = f"{TOTP(b32decode(secret)).token():06d}"
    elif path == VERIFY_URL:
        code = next_code_for(TOTPDevice.objects.get(user=user, confirmed=True))
    else:
        return
    page.locator("#id_code").fill(code)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    if urlsplit(page.url).path == RECOVERY_CODES_URL:
        page.get_by_role("link", name="我已保存,继续").click()
        page.wait_for_load_state("domcontentloaded")
