"""After the password, the second step: who is sent where, and that no admin URL skips it."""

import re
import time
import uuid
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from wagtail.models import Page, PageViewRestriction

from tests.support.factories import make_article
from tests.support.newsroom import PASSWORD, add_url, build_newsroom, edit_url
from tests.support.twofactor import (
    ADMIN_HOME,
    ENROL_URL,
    VERIFY_URL,
    code_for,
    enrol,
    next_code_for,
    verify,
    wrong_code_for,
)
from twofactor.middleware import OPEN_DURING_SECOND_STEP

# What a path converter stands for when we build a concrete address from a route.
SAMPLE_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": str(uuid.uuid4())}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")


def _concrete(route):
    return CONVERTER.sub(lambda match: SAMPLE_VALUES.get(match["kind"] or "str", "x"), route)


def admin_paths():
    """One concrete address for every route under /admin/ (regex routes are left out)."""
    found = []

    def walk(entries, prefix):
        for entry in entries:
            if not isinstance(entry.pattern, RoutePattern):
                continue
            route = prefix + _concrete(str(entry.pattern))
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                found.append(route)

    # Every include mounted at admin/: Wagtail's, and any project views ahead of it.
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == "admin/":
            walk(entry.url_patterns, "/admin/")
    return sorted(set(found))


def guarded_admin_paths():
    """Every admin address but signing in and out, password reset and the second step's own."""
    return [path for path in admin_paths() if resolve(path).url_name not in OPEN_DURING_SECOND_STEP]


class SecondStepTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.article = make_article(cls.tree.xinzhou, "忻州两步验证测试稿")

    def half_signed_in(self, key):
        """Signed in through the admin's own password form: the first step only."""
        user = self.users[key]
        response = self.client.post(
            "/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"}
        )
        self.assertEqual(response.status_code, 302, "the password step itself failed")
        return user

    def assertSentTo(self, response, target, next_url=None):
        self.assertEqual(response.status_code, 302, response.get("Location"))
        location = urlsplit(response["Location"])
        self.assertEqual(location.path, target)
        if next_url is not None:
            self.assertEqual(parse_qs(location.query).get("next"), [next_url])

    def test_chief_without_device_is_sent_to_enrolment_from_every_admin_url(self):
        self.half_signed_in("chief")
        paths = guarded_admin_paths()
        self.assertGreater(len(paths), 150, "the URL walk found too few admin routes")
        for path in [*paths, "/admin/no-such-screen/"]:
            with self.subTest(path=path):
                self.assertSentTo(self.client.get(path), ENROL_URL, next_url=path)

    def test_chief_with_device_is_sent_to_verification_from_every_admin_url(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        for path in guarded_admin_paths():
            with self.subTest(path=path):
                self.assertSentTo(self.client.get(path), VERIFY_URL, next_url=path)

    def test_admin_api_preview_and_draft_are_refused_before_the_second_step(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        page_id = self.article.pk
        for path in [
            "/admin/api/main/pages/",
            f"/admin/api/main/pages/{page_id}/",
            f"/admin/pages/{page_id}/edit/preview/",
            f"/admin/pages/{page_id}/view_draft/",
            f"/admin/pages/{page_id}/revisions/compare/earliest...latest/",
        ]:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertSentTo(response, VERIFY_URL)
                self.assertNotIn(self.article.title, response.content.decode())
        # Previews are POSTed by the editor; the draft must not be rendered either.
        response = self.client.post(f"/admin/pages/{page_id}/edit/preview/", {"title": "x"})
        self.assertSentTo(response, VERIFY_URL)

    def test_admin_actions_are_not_carried_out_before_the_second_step(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        response = self.client.post(f"/admin/pages/{self.article.pk}/delete/")
        self.assertSentTo(response, VERIFY_URL)
        self.assertTrue(Page.objects.filter(pk=self.article.pk).exists())
        response = self.client.post(f"/admin/pages/{self.article.pk}/unpublish/")
        self.assertSentTo(response, VERIFY_URL)
        self.article.refresh_from_db()
        self.assertTrue(self.article.live)

    def test_correct_code_lets_the_chief_in_for_the_rest_of_the_session(self):
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        form = self.client.get(VERIFY_URL)
        self.assertContains(form, "两步验证")
        self.assertContains(form, 'name="code"')

        response = verify(self.client, device, next_url=edit_url(self.article))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], edit_url(self.article))
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)
        self.assertEqual(self.client.get(edit_url(self.article)).status_code, 200)
        self.assertEqual(self.client.get("/admin/api/main/pages/").status_code, 200)

    def test_passing_the_second_step_renews_the_session_key(self):
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        before = self.client.cookies["sessionid"].value
        verify(self.client, device)
        self.assertNotEqual(self.client.cookies["sessionid"].value, before)
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)

    def test_second_step_pages_are_never_cached(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        self.assertIn("no-store", self.client.get(VERIFY_URL)["Cache-Control"])

    def test_wrong_code_does_not_let_the_chief_in(self):
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        response = self.client.post(VERIFY_URL, {"code": wrong_code_for(device)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "验证码不正确", status_code=400)
        self.assertSentTo(self.client.get(ADMIN_HOME), VERIFY_URL)

    def test_malformed_code_is_a_clear_message_not_an_attempt_or_an_error(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        for code in ["", "12345", "1234567", "abc", "<script>", "１２３４５６", "x" * 200]:
            with self.subTest(code=code):
                response = self.client.post(VERIFY_URL, {"code": code})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'class="error-message"', status_code=400)
        self.assertSentTo(self.client.get(ADMIN_HOME), VERIFY_URL)

    def test_a_code_from_another_users_phone_is_refused(self):
        chief_device, _ = enrol(self.users["chief"])
        other_device, _ = enrol(self.users["desk_xinzhou"])
        self.half_signed_in("chief")
        response = self.client.post(VERIFY_URL, {"code": code_for(other_device)})
        if code_for(other_device) == code_for(chief_device):  # one in a million
            return
        self.assertEqual(response.status_code, 400)
        self.assertSentTo(self.client.get(ADMIN_HOME), VERIFY_URL)

    def test_verification_does_not_carry_over_to_a_new_sign_in(self):
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        verify(self.client, device)
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)
        self.client.post("/admin/logout/")
        self.half_signed_in("chief")
        self.assertSentTo(self.client.get(ADMIN_HOME), VERIFY_URL)

    def test_a_used_code_cannot_be_replayed(self):
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        used = code_for(device)
        self.assertEqual(self.client.post(VERIFY_URL, {"code": used}).status_code, 302)
        self.client.post("/admin/logout/")

        self.half_signed_in("chief")
        self.assertEqual(self.client.post(VERIFY_URL, {"code": used}).status_code, 400)
        time.sleep(1.1)  # django-otp's back-off after that wrong code
        response = self.client.post(VERIFY_URL, {"code": next_code_for(device)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)

    def test_signing_out_works_during_the_second_step(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        response = self.client.post("/admin/logout/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(urlsplit(response["Location"]).path, "/admin/login/")
        self.assertEqual(urlsplit(self.client.get(ADMIN_HOME)["Location"]).path, "/admin/login/")
        self.assertEqual(urlsplit(self.client.get(VERIFY_URL)["Location"]).path, "/admin/login/")

    def test_the_sign_in_page_leads_a_half_signed_in_user_on_to_the_second_step(self):
        enrol(self.users["chief"])
        self.half_signed_in("chief")
        response = self.client.get("/admin/login/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0].split("?")[0], VERIFY_URL)

    def test_next_leads_only_within_the_site(self):
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        response = verify(self.client, device, next_url="https://evil.example/admin/")
        self.assertEqual(response["Location"], ADMIN_HOME)

    def test_half_signed_in_user_is_anonymous_on_the_public_site(self):
        PageViewRestriction.objects.create(page=self.article, restriction_type="login")
        device, _codes = enrol(self.users["chief"])
        self.half_signed_in("chief")
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

        verify(self.client, device)
        self.assertEqual(self.client.get(self.article.url).status_code, 200)

    def test_reporter_without_obligation_is_not_forced(self):
        self.half_signed_in("reporter_xinzhou")
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)
        self.assertEqual(self.client.get(add_url(self.tree.xinzhou)).status_code, 200)

    def test_desk_editor_and_moderator_are_not_forced(self):
        for key in ("desk_xinzhou", "moderator"):
            with self.subTest(user=key):
                self.half_signed_in(key)
                self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)
                self.client.post("/admin/logout/")

    def test_superuser_is_forced(self):
        get_user_model().objects.create_superuser("root", password=PASSWORD)
        response = self.client.post("/admin/login/", {"username": "root", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertSentTo(self.client.get(ADMIN_HOME), ENROL_URL)

    def test_reporter_who_enrolled_voluntarily_is_asked_for_a_code(self):
        device, _codes = enrol(self.users["reporter_xinzhou"])
        self.half_signed_in("reporter_xinzhou")
        self.assertSentTo(self.client.get(ADMIN_HOME), VERIFY_URL)
        verify(self.client, device)
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)
