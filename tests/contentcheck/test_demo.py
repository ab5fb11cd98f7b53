"""The demo loader's part: two words and a draft that shows the check, created once."""

from django.test import TestCase

from contentcheck.checking import check_page
from contentcheck.demo import DEMO_DRAFT_TITLE, ensure_content_check_demo
from news.models import ArticlePage
from tests.support.factories import build_site


class DemoTest(TestCase):
    def test_demo_is_idempotent_and_its_draft_has_findings(self):
        build_site()
        self.assertEqual(ensure_content_check_demo(), 3)
        self.assertEqual(ensure_content_check_demo(), 0)
        draft = ArticlePage.objects.get(title=DEMO_DRAFT_TITLE)
        self.assertFalse(draft.live)
        findings = check_page(draft.get_latest_revision_as_object())
        self.assertEqual(
            {finding.word for finding in findings},
            {"内部资料", "据小道消息", "做为", "既使", "再接再励"},
        )
        self.assertTrue(any(finding.blocking for finding in findings))
