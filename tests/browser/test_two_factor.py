"""Two-factor sign-in in Chromium: password, enrolment from the QR code, dashboard; then out
and in again with a fresh code."""

import io
import re
import time
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model

import pytest
import zxingcpp
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from newsroom import desks, roles

pytestmark = pytest.mark.browser

USERNAME = "chief_2fa"
PASSWORD = "zhubian-2fa-browser-test"
RECOVERY_CODE = re.compile(r"^[a-z2-7]{4}-[a-z2-7]{4}$")


def phone_code(secret, steps_ahead=0):
    """What an authenticator app set up with `secret` shows (steps_ahead x 30 s later)."""
    key = b32decode(secret.replace(" ", ""))
    return f"{TOTP(key, drift=steps_ahead).token():06d}"


def sign_in_with_password(watched, base_url):
    page = watched.page
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.login-form button[type=submit]").click()


def test_chief_enrols_reaches_the_dashboard_then_signs_in_again(demo_site, open_page):
    chief = get_user_model().objects.create_user(USERNAME, password=PASSWORD, last_name="主编测试")
    desks.give_role(chief, roles.CHIEF_EDITOR)

    # 1. The password, then straight to enrolment: a 主编 has no choice.
    admin = open_page(f"{demo_site}/admin/login/")
    page = admin.page
    sign_in_with_password(admin, demo_site)
    page.wait_for_url(re.compile(r"/admin/two-factor/enrol/"), wait_until="domcontentloaded")
    expect(page.locator("h1")).to_have_text("启用两步验证")
    assert admin.problems == [], admin.problems

    # 2. Scan the QR code as a phone would; it carries the same key as the text beside it.
    scanned = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(page.locator("img.twofactor-qr").screenshot()))
    )
    assert len(scanned) == 1 and scanned[0].format == zxingcpp.BarcodeFormat.QRCode
    otpauth = urlsplit(scanned[0].text)
    assert (otpauth.scheme, otpauth.netloc) == ("otpauth", "totp")
    secret = parse_qs(otpauth.query)["secret"][0]
    assert secret == page.locator("[data-twofactor-secret]").inner_text().replace(" ", "")
    assert parse_qs(otpauth.query)["issuer"] == ["大院网"]

    # 3. A wrong code is refused, the right one confirms and shows ten recovery codes once.
    valid = {phone_code(secret, steps) for steps in (-1, 0, 1)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)
    page.locator("#id_code").fill(wrong)
    page.locator("form.login-form button[type=submit]").click()
    expect(page.locator(".messages .error")).to_contain_text("验证码不正确")
    expect(page.locator(".messages .error")).to_be_visible()
    # The browser reports the refused code's 400 as a failed load; nothing else.
    assert len(admin.problems) == 1 and "400" in admin.problems[0], admin.problems
    admin.console_errors.clear()
    time.sleep(1.1)  # django-otp's back-off after one wrong code
    page.locator("#id_code").fill(phone_code(secret))
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(
        re.compile(r"/admin/two-factor/recovery-codes/"), wait_until="domcontentloaded"
    )
    codes = page.locator("[data-twofactor-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10 and all(RECOVERY_CODE.match(code) for code in codes), codes
    assert TOTPDevice.objects.get(user=chief).confirmed

    # 4. On to the dashboard.
    page.get_by_role("link", name="我已保存,继续").click()
    page.wait_for_url(f"{demo_site}/admin/", wait_until="domcontentloaded")
    expect(page.locator("#wagtail-sidebar")).to_be_attached()

    # 5. Sign out, and in again: this time the second step asks for a code.
    page.locator(".sidebar-footer__account").click()
    page.locator(".sidebar-footer").get_by_role("button", name="注销").click()
    page.wait_for_url(re.compile(r"/admin/login/"), wait_until="domcontentloaded")
    admin.goto(f"{demo_site}/admin/pages/")
    assert urlsplit(page.url).path == "/admin/login/"
    sign_in_with_password(admin, demo_site)
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"), wait_until="domcontentloaded")
    expect(page.locator("h1")).to_have_text("两步验证")

    # The enrolment code cannot be used twice; the phone's next code can.
    page.locator("#id_code").fill(phone_code(secret, steps_ahead=1))
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/pages/$"), wait_until="domcontentloaded")
    expect(page.locator("#wagtail-sidebar")).to_be_attached()

    assert admin.problems == [], admin.problems
