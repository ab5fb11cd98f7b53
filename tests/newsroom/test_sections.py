"""Only chief editors create sections (issue 14, finding 12a).

A section added in the admin creates desk groups at once. Reporters and desk editors are
neither offered the type nor allowed to create or copy one, through the admin's real views.
"""

from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from wagtail.test.utils.form_data import nested_form_data

from news.models import SectionPage
from tests.support.accounts import sign_in_verified
from tests.support.newsroom import build_newsroom


def section_form(title="忻州县区", slug="xianqu", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "seo_title": "",
            "search_description": "",
            "show_in_menus": "on",
            "is_city": "on",
            "go_live_at": "",
            "expire_at": "",
            **extra,
        }
    )


def chooser_url(parent):
    return f"/admin/pages/{parent.pk}/add_subpage/"


def add_section_url(parent):
    return f"/admin/pages/add/news/sectionpage/{parent.pk}/"


class SectionCreationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.county = cls.tree.xinzhou.add_child(instance=SectionPage(title="忻府区", slug="xinfu"))

    def login(self, key):
        # Past the second step, which the chief owes (twofactor/).
        sign_in_verified(self.client, self.users[key])

    def assertRefused(self, response, parent):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], f"/admin/pages/{parent.pk}/")
        self.assertContains(self.client.get(response["Location"]), "只有主编可以新建栏目")

    def test_the_chooser_offers_sections_only_to_the_chief(self):
        for key in ("reporter_xinzhou", "desk_xinzhou"):
            with self.subTest(key=key):
                self.login(key)
                response = self.client.get(chooser_url(self.tree.xinzhou))
                # 文章 and 图文直播, never 栏目.
                self.assertEqual(response.status_code, 200)
                self.assertContains(
                    response, f"/admin/pages/add/news/articlepage/{self.tree.xinzhou.pk}/"
                )
                self.assertNotContains(response, add_section_url(self.tree.xinzhou))
        self.login("chief")
        response = self.client.get(chooser_url(self.tree.xinzhou))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, add_section_url(self.tree.xinzhou))
        self.assertContains(response, f"/admin/pages/add/news/articlepage/{self.tree.xinzhou.pk}/")

    def test_reporter_and_desk_editor_cannot_create_a_section(self):
        groups_before = Group.objects.count()
        for key in ("reporter_xinzhou", "desk_xinzhou"):
            with self.subTest(key=key):
                self.login(key)
                url = add_section_url(self.tree.xinzhou)
                self.assertRefused(self.client.get(url), self.tree.xinzhou)
                self.assertRefused(
                    self.client.post(url, section_form(**{"action-publish": "1"})),
                    self.tree.xinzhou,
                )
                self.assertRefused(self.client.post(url, section_form()), self.tree.xinzhou)
        self.assertFalse(SectionPage.objects.filter(slug="xianqu").exists())
        self.assertEqual(Group.objects.count(), groups_before)

    def test_desk_editor_cannot_copy_a_section(self):
        self.login("desk_xinzhou")
        url = f"/admin/pages/{self.county.pk}/copy/"
        self.assertRefused(self.client.get(url), self.tree.xinzhou)
        response = self.client.post(
            url,
            {
                "new_title": "忻府区副本",
                "new_slug": "xinfu-copy",
                "new_parent_page": self.tree.xinzhou.pk,
            },
        )
        self.assertRefused(response, self.tree.xinzhou)
        self.assertFalse(SectionPage.objects.filter(slug="xinfu-copy").exists())

    def test_chief_creates_a_city_section_and_its_desk(self):
        self.login("chief")
        response = self.client.post(
            add_section_url(self.tree.gsyl),
            section_form("吕梁", "lvliang", **{"action-publish": "1"}),
        )
        self.assertEqual(response.status_code, 302)
        section = SectionPage.objects.get(slug="lvliang")
        self.assertTrue(section.live)
        self.assertTrue(Group.objects.filter(name="吕梁记者").exists())

    def test_the_permission_is_in_the_group_editor(self):
        admin = self.users["chief"].__class__.objects.create_superuser("root", password="x" * 12)
        sign_in_verified(self.client, admin)
        permission = Permission.objects.get(codename="add_sectionpage")
        chief = Group.objects.get(name="主编")
        response = self.client.get(f"/admin/groups/edit/{chief.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(
            response.content.decode(),
            rf'(?s)<h3>栏目</h3>.*?name="permissions" value="{permission.pk}" [^>]*checked',
        )


class SectionPermissionMigrationTest(TestCase):
    def test_chief_editors_hold_the_permission_after_migrating(self):
        # No newsroom set-up here: the groups as the migrations left them.
        def holds(name):
            return (
                Group.objects.get(name=name)
                .permissions.filter(content_type__app_label="news", codename="add_sectionpage")
                .exists()
            )

        self.assertTrue(holds("主编"))
        for name in ("记者", "编辑", "评论审核员"):
            self.assertFalse(holds(name), name)
