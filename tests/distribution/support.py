"""A small site with push settings pointed at a local endpoint."""

import io

from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.models import Site

from distribution.models import PushRecord, PushSettings
from tests.support.factories import build_site, make_article

TOKEN = "SeCrEtToKeN12345"
KEY = "a1b2c3d4-e5f6-key"


def run_worker():
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out, stderr=io.StringIO())
    return out.getvalue()


class PushTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.site = Site.objects.get(is_default_site=True)

    def configure(self, endpoint=None, *, baidu=True, indexnow=False, quota=500):
        """Settings for the default site; Baidu's endpoint is a Django setting, IndexNow's not."""
        settings = PushSettings.for_site(self.site)
        settings.baidu_site = "https://www.example.cn" if baidu else ""
        settings.baidu_token = TOKEN if baidu else ""
        settings.indexnow_key = KEY if indexnow else ""
        settings.indexnow_endpoint = f"{endpoint}/indexnow" if endpoint else "http://127.0.0.1:9/"
        settings.daily_quota = quota
        settings.full_clean()
        settings.save()
        if endpoint:
            override = override_settings(DISTRIBUTION_BAIDU_ENDPOINT=f"{endpoint}/urls")
            override.enable()
            self.addCleanup(override.disable)
        return settings

    def publish(self, count=1, section=None, **fields):
        return [
            make_article(section or self.tree.xinzhou, f"推送文章{index}", **fields)
            for index in range(count)
        ]

    def records(self, **filters):
        return list(PushRecord.objects.filter(**filters).order_by("pk"))
