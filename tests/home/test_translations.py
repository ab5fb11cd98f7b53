"""The admin in Simplified Chinese: the project's catalogues, served and complete.

Wagtail 8's zh_Hans catalogues leave about a fifth of the admin in English; locale/ completes
them (docs/translations.md). These tests prove the project's translations reach the server
side and the admin's JavaScript, that `make translations` catches a missing one, and that the
English Wagtail writes into rows or derives from field names shows in Chinese.
"""

import gettext
import json
import re
import shutil
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from wagtail.models import Task, Workflow

from home import translations

PROJECT_LOCALE = Path(settings.LOCALE_PATHS[0])
PO = PROJECT_LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
JS_PO = PROJECT_LOCALE / "zh_Hans" / "LC_MESSAGES" / "djangojs.po"


class AdminInChineseTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "editor", email="editor@example.com", password="pw"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_admin_javascript_catalogue_serves_the_projects_translations(self):
        """Wagtail's jsi18n reads only wagtail.admin's package, and LOCALE_PATHS with it."""
        response = self.client.get("/admin/jsi18n/")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
        self.assertEqual(catalogue["Insert a block"], "插入区块")
        self.assertEqual(catalogue["(1 new item in this menu)"], "（此菜单中有 1 个新项目）")
        # Wagtail's own translations still come through, under the project's.
        self.assertEqual(catalogue["Move up"], "上移")

    def test_dashboard_and_image_library_show_the_completed_messages(self):
        dashboard = self.client.get("/admin/").content.decode()
        self.assertNotIn("Search all pages", dashboard)
        self.assertIn("搜索所有页面…", dashboard)
        self.assertNotIn("Edit account avatar", self.client.get("/admin/account/").content.decode())
        images = self.client.get("/admin/images/").content.decode()
        for english in ("Grid layout", "List layout", "Usage count"):
            self.assertNotIn(english, images)
        self.assertIn("网格布局", images)

    def test_dashboard_counts_media_files_in_chinese(self):
        """wagtailmedia's summary is a count message (ngettext), translated with its plural."""
        dashboard = self.client.get("/admin/").content.decode()
        self.assertIn("个媒体文件", dashboard)
        self.assertNotIn("Media file", dashboard)
        self.assertNotIn("created in", dashboard)

    def test_account_preferences_offer_chinese_only(self):
        """WAGTAILADMIN_PERMITTED_LANGUAGES: no language whose admin is half English."""
        self.assertEqual(settings.WAGTAILADMIN_PERMITTED_LANGUAGES, [("zh-hans", "简体中文")])
        response = self.client.get("/admin/account/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'value="en"')
        self.assertNotContains(response, "English")

    def test_sites_listing_labels_its_columns_in_chinese(self):
        response = self.client.get("/admin/sites/")
        self.assertContains(response, "站点名称")
        self.assertContains(response, "根页面")
        self.assertNotContains(response, "Site name")
        self.assertNotContains(response, "Root page")

    def test_login_form_labels_the_password_in_chinese(self):
        self.client.logout()
        response = self.client.get("/admin/login/")
        self.assertContains(response, "密码")
        self.assertNotContains(response, ">Password<")

    def test_permissions_are_named_in_chinese_after_migrate(self):
        self.assertFalse(Permission.objects.filter(name__startswith="Can ").exists())
        self.assertEqual(Permission.objects.get(codename="publish_page").name, "发布任意页面")
        self.assertEqual(Permission.objects.get(codename="add_group").name, "可以添加组")
        group_screen = self.client.get("/admin/groups/new/")
        self.assertNotContains(group_screen, "Can add")
        self.assertNotContains(group_screen, "Publish any page")

    def test_wagtails_default_workflow_and_groups_are_renamed(self):
        self.assertFalse(Workflow.objects.filter(name="Moderators approval").exists())
        self.assertFalse(Task.objects.filter(name="Moderators approval").exists())
        self.assertFalse(Group.objects.filter(name__in=["Moderators", "Editors"]).exists())
        self.assertTrue(Group.objects.filter(name="审核组").exists())

    def test_an_editors_own_workflow_name_is_never_touched(self):
        from home.wagtail_language import rename_initial_data

        Workflow.objects.create(name="Moderators approval 2")
        rename_initial_data()
        self.assertTrue(Workflow.objects.filter(name="Moderators approval 2").exists())


class MissingTranslationsCommandTest(TestCase):
    def test_passes_with_the_projects_catalogues(self):
        out = StringIO()
        call_command("missing_translations", stdout=out)
        self.assertIn("都有简体中文翻译", out.getvalue())

    def test_fails_and_lists_what_is_missing_without_them(self):
        tmp = Path(self.enterContext(_temporary_directory()))
        with override_settings(LOCALE_PATHS=[tmp]), self.assertRaises(CommandError) as raised:
            out = StringIO()
            call_command("missing_translations", stdout=out)
        self.assertIn("条消息没有简体中文翻译", str(raised.exception))
        self.assertIn("'Search all pages…'", out.getvalue())
        self.assertIn("'Insert a block'", out.getvalue())

    def test_fails_on_a_translation_that_drops_a_placeholder(self):
        tmp = Path(self.enterContext(_temporary_directory()))
        target = tmp / "zh_Hans" / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(JS_PO, target / "djangojs.po")
        broken = PO.read_text(encoding="utf-8").replace(
            'msgstr "使用服务器语言：%(language_name)s"', 'msgstr "使用服务器语言"'
        )
        (target / "django.po").write_text(broken, encoding="utf-8")
        with override_settings(LOCALE_PATHS=[tmp]), self.assertRaises(CommandError):
            out = StringIO()
            call_command("missing_translations", stdout=out)
        self.assertIn("placeholders differ", out.getvalue())

    def test_a_count_message_translated_without_its_plural_is_missing(self):
        """ngettext never reads a singular entry: the dashboard's count stayed in English."""
        tmp = Path(self.enterContext(_temporary_directory()))
        target = tmp / "zh_Hans" / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(JS_PO, target / "djangojs.po")
        entry = re.search(
            r'msgid "<span>%\(total\)s</span> Media file .*?\n\n',
            PO.read_text(encoding="utf-8"),
            re.S,
        ).group(0)
        singular = re.sub(r"msgid_plural .*\n", "", entry).replace("msgstr[0]", "msgstr")
        (target / "django.po").write_text(
            PO.read_text(encoding="utf-8").replace(entry, singular), encoding="utf-8"
        )
        out = StringIO()
        with override_settings(LOCALE_PATHS=[tmp]), self.assertRaises(CommandError):
            call_command("missing_translations", stdout=out)
        self.assertIn("Media file <span", out.getvalue())
        self.assertEqual(out.getvalue().count("\n"), 1, out.getvalue())


class CatalogueTest(TestCase):
    """The pure-Python compiler and checks (no Debian gettext needed by make install)."""

    def test_project_catalogues_have_no_placeholder_or_markup_errors(self):
        self.assertEqual(translations.format_errors(PO), [])
        self.assertEqual(translations.format_errors(JS_PO), [])

    def test_project_catalogue_holds_only_what_wagtail_leaves_in_english(self):
        """Copying Wagtail's own translations here would freeze them over its updates."""
        ours = {entry.key for entry in translations.parse_po(PO) if entry.msgid}
        wagtail = set()
        for path in Path(translations._package_dir("wagtail")).rglob(
            "locale/zh_Hans/LC_MESSAGES/django.mo"
        ):
            wagtail |= translations._mo_keys(path)
        self.assertEqual(ours & wagtail, set())

    def test_compiled_catalogue_reads_back_with_plurals_and_context(self):
        tmp = Path(self.enterContext(_temporary_directory()))
        po = tmp / "django.po"
        po.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
            'msgid "Moved up 1 place."\nmsgid_plural "Moved up %(counter)s places."\n'
            'msgstr[0] "已上移 %(counter)s 位。"\n\n'
            'msgctxt "verb"\nmsgid "Copy"\nmsgstr "复制"\n\n'
            '#, fuzzy\nmsgid "Guess"\nmsgstr "猜"\n\n'
            'msgid "Two lines"\nmsgstr ""\n"第一行"\n"第二行"\n',
            encoding="utf-8",
        )
        translations.compile_catalogue(po, tmp / "django.mo")
        with open(tmp / "django.mo", "rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        self.assertEqual(
            catalogue.ngettext("Moved up 1 place.", "Moved up %(counter)s places.", 1),
            "已上移 %(counter)s 位。",
        )
        self.assertEqual(catalogue.pgettext("verb", "Copy"), "复制")
        self.assertEqual(catalogue.gettext("Guess"), "Guess")  # fuzzy: left out
        self.assertEqual(catalogue.gettext("Two lines"), "第一行第二行")


def _temporary_directory():
    import tempfile

    return tempfile.TemporaryDirectory()
