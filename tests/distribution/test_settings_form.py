"""设置 → 搜索引擎推送: hostile values get a Chinese message, the token is never shown again,
and the IndexNow key file answers for the configured key only."""

from django.contrib.auth import get_user_model

from distribution.models import MAX_DAILY_QUOTA, PushSettings
from tests.distribution.support import KEY, TOKEN, PushTestCase
from tests.support.xss_payloads import XSS_PAYLOADS


class SettingsFormTest(PushTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = get_user_model().objects.create_superuser("root", password="x" * 16)

    def setUp(self):
        self.client.force_login(self.root)
        self.url = f"/admin/settings/distribution/pushsettings/{self.site.pk}/"

    def post(self, **values):
        data = {
            "baidu_site": "https://www.example.cn",
            "baidu_token": TOKEN,
            "indexnow_key": KEY,
            "indexnow_endpoint": "https://api.indexnow.org/indexnow",
            "daily_quota": "500",
            **values,
        }
        return self.client.post(self.url, data)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)  # the form again, with its errors
        self.assertContains(response, message)
        self.assertEqual(PushSettings.objects.filter(baidu_token__contains="\n").count(), 0)

    def test_the_settings_page_is_found_and_saves(self):
        response = self.client.get(self.url)
        self.assertContains(response, "百度推送 token")
        self.assertContains(response, "IndexNow 密钥")
        response = self.post()
        self.assertEqual(response.status_code, 302)
        saved = PushSettings.objects.get(site=self.site)
        self.assertEqual((saved.baidu_token, saved.indexnow_key), (TOKEN, KEY))

    def test_a_token_with_a_newline_is_refused(self):
        response = self.post(baidu_token="abcdefgh\nHost: evil.example")
        self.assert_refused(response, "百度推送 token 只能由 8 到 64 位英文字母和数字组成。")

    def test_an_endpoint_that_is_not_http_is_refused(self):
        for endpoint in ("ftp://api.example/x", "file:///etc/passwd", "javascript:alert(1)", "x"):
            response = self.post(indexnow_endpoint=endpoint)
            self.assert_refused(response, "推送地址必须以 http:// 或 https:// 开头")

    def test_a_huge_or_wrong_quota_is_refused(self):
        response = self.post(daily_quota=str(10**15))
        self.assert_refused(response, f"每日推送上限不能超过 {MAX_DAILY_QUOTA}。")
        response = self.post(daily_quota="0")
        self.assert_refused(response, "每日推送上限至少为 1。")
        response = self.post(daily_quota="abc")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PushSettings.objects.filter(site=self.site, daily_quota=0).exists())

    def test_markup_and_sql_in_every_field_are_refused_not_stored(self):
        for payload in [*XSS_PAYLOADS[:5], "'; DROP TABLE wagtailcore_page; --"]:
            response = self.post(
                baidu_site=payload, baidu_token=payload, indexnow_key=payload, daily_quota="1"
            )
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "请填写在百度搜索资源平台验证过的站点")
            self.assertNotContains(response, "<script>alert", html=False)
        self.assertFalse(PushSettings.objects.exclude(baidu_site="").exists())

    def test_site_without_token_is_refused(self):
        response = self.post(baidu_token="")
        self.assert_refused(response, "百度站点和 token 要同时填写")

    def test_the_saved_token_is_shown_masked_and_kept_when_left_blank(self):
        self.post()
        response = self.client.get(self.url)
        self.assertNotContains(response, TOKEN)
        self.assertContains(response, "已保存的 token:Se")
        self.assertEqual(self.post(baidu_token="", daily_quota="7").status_code, 302)
        saved = PushSettings.objects.get(site=self.site)
        self.assertEqual((saved.baidu_token, saved.daily_quota), (TOKEN, 7))

    def test_emptying_the_baidu_site_forgets_the_token(self):
        self.post()
        self.assertEqual(self.post(baidu_site="", baidu_token="").status_code, 302)
        self.assertEqual(PushSettings.objects.get(site=self.site).baidu_token, "")


class KeyFileTest(PushTestCase):
    def test_the_configured_key_is_served_as_text(self):
        self.configure(baidu=False, indexnow=True)
        response = self.client.get(f"/{KEY}.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response.content.decode(), KEY)

    def test_a_wrong_key_is_404(self):
        self.configure(baidu=False, indexnow=True)
        for path in (f"/{KEY}x.txt", "/wrongkey1.txt", f"/{KEY.upper()}.txt", "/a" * 200 + ".txt"):
            self.assertEqual(self.client.get(path).status_code, 404, path)

    def test_no_key_configured_is_404(self):
        self.assertEqual(self.client.get(f"/{KEY}.txt").status_code, 404)

    def test_robots_txt_is_still_the_sites(self):
        response = self.client.get("/robots.txt")
        self.assertContains(response, "User-agent: *")

    def test_only_get(self):
        self.configure(baidu=False, indexnow=True)
        self.assertEqual(self.client.post(f"/{KEY}.txt").status_code, 405)
