"""Newcomer finding 10: the README sent editors to a 设置 tab for scheduling.

Wagtail 8 keeps the go-live and expiry times in the article editor's 状态 side panel
(没有设置发布计划 · 设置计划, which opens 设置发布计划 with 上线日期/时间 and 过期日期/时间).
The docs quote those labels; this test holds them to what the admin really shows in
Simplified Chinese, and keeps the 设置 tab out of the scheduling instructions.
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from tests.deploy.conftest import ROOT
from tests.support.factories import build_site, make_article

# What an editor reads, in order: panel, line, link, dialog, its two fields.
LABELS = ["状态", "没有设置发布计划", "设置计划", "设置发布计划", "上线日期/时间", "过期日期/时间"]
DOCS = ["README.md", "docs/newsroom.md", "docs/editors.md"]


class SchedulingLabelsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.article = make_article(tree.xinzhou, "定时发布的文章")
        cls.user = get_user_model().objects.create_superuser("chief-editor", "c@example.cn", "x")

    def test_the_article_editor_shows_the_labels_the_docs_quote(self):
        self.client.force_login(self.user)
        response = self.client.get(f"/admin/pages/{self.article.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        for label in LABELS:
            self.assertContains(response, label)

    def test_with_a_go_live_time_set_the_panel_and_the_publish_button_change(self):
        self.article.go_live_at = timezone.now() + datetime.timedelta(days=1)
        self.article.save_revision(user=self.user)
        self.client.force_login(self.user)
        response = self.client.get(f"/admin/pages/{self.article.pk}/edit/")
        self.assertContains(response, "编辑计划")
        # Wagtail 8 has no Chinese for this button; the project's catalogue gives it
        # (docs/translations.md). The article's own title also says 定时发布: read the button.
        button = re.search(
            r'name="action-publish".{0,600}?</button>', response.content.decode(), re.S
        )
        self.assertIn("定时发布", button.group())
        self.assertNotContains(response, "Schedule to publish")

    def test_the_docs_quote_those_labels_and_no_settings_tab_for_scheduling(self):
        newsroom = (ROOT / "docs" / "newsroom.md").read_text()
        for label in [*LABELS[:1], *LABELS[2:], "编辑计划", "**定时发布**"]:
            self.assertIn(label, newsroom)
        for name in DOCS:
            text = (ROOT / name).read_text()
            for sentence in re.split(r"(?<=[.。])\s", text):
                if re.search(r"schedul|定时|上线日期", sentence, re.IGNORECASE):
                    self.assertNotRegex(sentence, r"设置 ?(tab|标签)", f"{name}: {sentence}")
