"""搜索同义词 in the admin: who manages them, and what the create view refuses."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase, override_settings
from django.utils.html import escape

from search.models import SearchSynonym
from search.synonyms import EQUIVALENT, ONE_WAY
from tests.support.accounts import sign_in_verified
from tests.support.factories import make_article
from tests.support.newsroom import build_newsroom

LIST_URL = "/admin/snippets/search/searchsynonym/"
ADD_URL = f"{LIST_URL}add/"
# The admin listing: session, user, second-step device, profile, count, locale, the pages
# Wagtail's sidebar looks at (two) and the rules themselves, however many.
LISTING_QUERIES = 9


def edit_url(rule):
    return f"{LIST_URL}edit/{rule.pk}/"


def rule_form(kind=EQUIVALENT, terms="新冠,新型冠状病毒", expansions="", note=""):
    return {"kind": kind, "terms": terms, "expansions": expansions, "note": note}


class SynonymAdminTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.root = get_user_model().objects.create_superuser("root", password="x" * 16)
        cls.article = make_article(cls.tree.taiyuan, "并州古城的春天")

    def sign_in(self, user):
        sign_in_verified(self.client, user)

    # Who -------------------------------------------------------------------------------

    def test_the_chief_editor_adds_and_edits_rules(self):
        self.sign_in(self.users["chief"])
        # Under 设置 in the sidebar (its menu is JSON, the label escaped).
        self.assertContains(self.client.get("/admin/"), f'"url": "{LIST_URL}"')
        self.assertEqual(self.client.get(ADD_URL).status_code, 200)
        response = self.client.post(ADD_URL, rule_form(ONE_WAY, "太原", "并州", "古称"))
        self.assertRedirects(response, LIST_URL)
        rule = SearchSynonym.objects.get()
        self.assertEqual((rule.kind, rule.terms, rule.expansions), (ONE_WAY, "太原", "并州"))
        self.assertContains(self.client.get(LIST_URL), "太原 → 并州")
        self.assertContains(self.client.get(LIST_URL, {"q": "并州"}), "太原 → 并州")
        self.assertNotContains(self.client.get(LIST_URL, {"q": "新冠"}), "太原 → 并州")
        response = self.client.post(edit_url(rule), rule_form(ONE_WAY, "太原", "并州,龙城"))
        self.assertRedirects(response, LIST_URL)
        rule.refresh_from_db()
        self.assertEqual(rule.expansions, "并州,龙城")

    def test_a_reporter_cannot(self):
        rule = SearchSynonym.objects.create(kind=ONE_WAY, terms="太原", expansions="并州")
        self.sign_in(self.users["reporter_xinzhou"])
        self.assertNotContains(self.client.get("/admin/"), LIST_URL)
        for address in [LIST_URL, ADD_URL, edit_url(rule)]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.client.post(ADD_URL, rule_form())
        self.client.post(edit_url(rule), rule_form(ONE_WAY, "太原", "龙城"))
        self.assertEqual(
            list(SearchSynonym.objects.values_list("terms", "expansions")), [("太原", "并州")]
        )

    def test_desk_editor_and_moderator_cannot_either(self):
        for key in ["desk_xinzhou", "moderator"]:
            with self.subTest(user=key):
                self.sign_in(self.users[key])
                response = self.client.post(ADD_URL, rule_form())
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertFalse(SearchSynonym.objects.exists())

    @override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)
    def test_a_saved_rule_applies_to_the_next_search(self):
        self.assertNotContains(self.client.get("/search/", {"q": "太原"}), "并州古城的春天")
        self.sign_in(self.root)
        self.client.post(ADD_URL, rule_form(ONE_WAY, "太原", "并州"))
        self.assertContains(self.client.get("/search/", {"q": "太原"}), "<mark>并州</mark>古城")
        rule = SearchSynonym.objects.get()
        response = self.client.post(f"{LIST_URL}delete/{rule.pk}/")
        self.assertRedirects(response, LIST_URL)
        self.assertNotContains(self.client.get("/search/", {"q": "太原"}), "并州古城的春天")

    # What is refused -------------------------------------------------------------------

    def assertRefused(self, form, *messages):
        response = self.client.post(ADD_URL, form)
        self.assertEqual(response.status_code, 200)
        for message in messages:
            self.assertContains(response, escape(message))
        self.assertFalse(SearchSynonym.objects.exists())

    def test_the_create_view_refuses_bad_rules_with_a_clear_message(self):
        self.sign_in(self.root)
        long_term = "长" * 101
        cases = {
            "empty field": (rule_form(terms=""), ["必需字段"]),
            "empty term": (rule_form(terms="新冠,,肺炎"), ["第 2 个词语是空的"]),
            "only separators": (rule_form(terms=",,、"), ["同义词组至少要有两个词语。"]),
            "nothing searchable": (rule_form(terms="新冠,!!!"), ["“!!!”里没有可以搜索的文字"]),
            "duplicate": (rule_form(terms="新冠,肺炎,新冠"), ["“新冠”重复了。"]),
            "same word in two scripts": (
                rule_form(terms="會議,会议"),
                ["“會議”和“会议”是同一个词(繁简、全角半角、大小写视为相同)。"],
            ),
            "too long": (
                rule_form(terms=f"新冠,{long_term}"),
                [f"“{long_term[:20]}…”太长:一个词语最多 100 个字。"],
            ),
            "too many": (
                rule_form(terms="\n".join(f"词{n}" for n in range(21))),
                ["一条规则最多 20 个词语,这里有 21 个。"],
            ),
            "one way without targets": (
                rule_form(ONE_WAY, "太原", ""),
                ["单向扩展要填写“扩展为”"],
            ),
            "one way to itself": (
                rule_form(ONE_WAY, "太原", "並州,太原"),
                ["“太原”已经是搜索词“太原”,不用再扩展为它。"],
            ),
            "group with targets": (
                rule_form(EQUIVALENT, "新冠,肺炎", "疫情"),
                ["同义词组不用填写“扩展为”"],
            ),
            "unknown kind": (rule_form(kind="both"), ["选择一个有效的选项"]),
        }
        for name, (form, messages) in cases.items():
            with self.subTest(name):
                self.assertRefused(form, *messages)

    def test_the_edit_view_refuses_them_too(self):
        rule = SearchSynonym.objects.create(kind=EQUIVALENT, terms="新冠,肺炎")
        self.sign_in(self.users["chief"])
        response = self.client.post(edit_url(rule), rule_form(terms="新冠,新冠"))
        self.assertContains(response, escape("“新冠”重复了。"))
        rule.refresh_from_db()
        self.assertEqual(rule.terms, "新冠,肺炎")

    def test_odd_input_is_refused_or_stored_never_an_error(self):
        self.sign_in(self.root)
        for terms in [
            "<script>alert(1)</script>,新冠",
            "新冠\x00,肺炎",
            "😀,新冠",
            "新冠'; DROP TABLE search_searchsynonym; --,肺炎",
            "a" * 10_000,
            "\u200b,\ufeff",
        ]:
            with self.subTest(terms=terms[:30]):
                response = self.client.post(ADD_URL, rule_form(terms=terms))
                self.assertIn(response.status_code, (200, 302))
                self.assertNotIn(b"<script>alert(1)", response.content)
        listing = self.client.get(LIST_URL)
        self.assertEqual(listing.status_code, 200)
        self.assertNotIn(b"<script>alert(1)", listing.content)


class SynonymPermissionMigrationTest(TestCase):
    def test_the_chief_editors_group_holds_the_rules_permissions_after_migrating(self):
        # No setup_newsroom here: the group comes from news/0004, the grant from search/0002.
        def synonym_permissions(name):
            return set(
                Group.objects.get(name=name)
                .permissions.filter(codename__endswith="_searchsynonym")
                .values_list("codename", flat=True)
            )

        self.assertEqual(
            synonym_permissions("主编"),
            {
                "add_searchsynonym",
                "change_searchsynonym",
                "delete_searchsynonym",
                "view_searchsynonym",
            },
        )
        for name in ["记者", "编辑", "评论审核员"]:
            self.assertEqual(synonym_permissions(name), set())


class SynonymListingQueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = get_user_model().objects.create_superuser("root", password="x" * 16)

    def test_the_listing_costs_the_same_at_5_and_50_rules(self):
        sign_in_verified(self.client, self.root)
        self.client.get(LIST_URL)  # warm the content type and site caches
        for count in [5, 50]:
            SearchSynonym.objects.bulk_create(
                SearchSynonym(kind=ONE_WAY, terms=f"规则{n}", expansions=f"扩展{n}")
                for n in range(SearchSynonym.objects.count(), count)
            )
            with self.subTest(rules=count), self.assertNumQueries(LISTING_QUERIES):
                response = self.client.get(LIST_URL)
            self.assertContains(response, f"规则{count - 1} → 扩展{count - 1}")
