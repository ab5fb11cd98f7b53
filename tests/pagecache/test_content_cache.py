"""What pages keep between renders (navigation, site, an article's neighbours) follows edits.

The page cache is off here: these are the caches a page-cache miss relies on.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase, override_settings

from wagtail.models import PageViewRestriction, Site

from comments.models import Comment
from comments.moderation import approve
from home.models import SiteSettings
from news.models import SectionPage
from tests.support.factories import build_site, make_article


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class ContentCacheTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.first = make_article(cls.tree.xinzhou, "忻州第一篇", tags=["防控"], minutes_ago=30)

    def test_a_new_article_becomes_its_neighbours_next_and_related(self):
        self.assertContains(self.client.get(self.first.url), "下一篇:没有了")
        second = make_article(self.tree.xinzhou, "忻州第二篇", tags=["防控"])
        response = self.client.get(self.first.url)
        self.assertContains(response, f'<a href="{second.url}" rel="next">忻州第二篇</a>')
        self.assertContains(response, f'<li><a href="{second.url}">忻州第二篇</a></li>')
        second.unpublish()
        response = self.client.get(self.first.url)
        self.assertContains(response, "下一篇:没有了")
        self.assertNotContains(response, "忻州第二篇")

    def test_sections_come_and_go_in_the_navigation(self):
        self.assertNotContains(self.client.get("/"), "文旅")
        culture = self.tree.home.add_child(
            instance=SectionPage(title="文旅", slug="wenlv", show_in_menus=True)
        )
        culture.save_revision().publish()
        self.assertContains(self.client.get(self.first.url), f'<a href="{culture.url}">文旅</a>')
        culture.unpublish()
        self.assertNotContains(self.client.get(self.first.url), "文旅")

    def test_a_preview_shows_the_drafts_own_tags_not_the_cached_ones(self):
        self.client.get(self.first.url)  # caches the live article's neighbours
        self.first.tags.set(["草稿标签"])
        request_page = self.first
        response = request_page.make_preview_request()
        self.assertContains(response, "草稿标签")

    def test_editing_the_site_reaches_the_next_request(self):
        self.assertEqual(self.client.get("/", HTTP_HOST="news.example.cn").status_code, 200)
        other_home = self.tree.shehui
        Site.objects.create(hostname="news.example.cn", port=80, root_page=other_home)
        response = self.client.get("/", HTTP_HOST="news.example.cn")
        self.assertContains(response, "社会")
        self.assertEqual(response.context["page"].pk, other_home.pk)

    def test_listings_show_a_new_article_at_once_and_drop_an_unpublished_one(self):
        addresses = ["/", "/gsyl/", "/gsyl/xinzhou/", "/tags/防控/"]
        for address in addresses:
            self.assertNotContains(self.client.get(address), "忻州新稿")
        fresh = make_article(self.tree.xinzhou, "忻州新稿", tags=["防控"])
        for address in addresses:
            with self.subTest(address=address):
                self.assertContains(self.client.get(address), "忻州新稿")
        fresh.unpublish()
        for address in addresses:
            with self.subTest(address=address):
                self.assertNotContains(self.client.get(address), "忻州新稿")

    def test_a_routed_article_follows_edits_moves_and_unpublishing(self):
        self.assertContains(self.client.get(self.first.url), "忻州第一篇")
        revision = self.first.get_latest_revision_as_object()
        revision.title = "忻州第一篇(更新)"
        revision.save_revision().publish()
        self.assertContains(self.client.get(self.first.url), "忻州第一篇(更新)")

        old_address = self.first.url
        self.first.move(self.tree.shehui, pos="last-child")
        self.first.refresh_from_db()
        response = self.client.get(old_address)
        self.assertRedirects(response, self.first.url, status_code=301)

        self.first.unpublish()
        self.assertEqual(self.client.get(self.first.url).status_code, 404)

    def test_a_number_that_does_not_exist_is_not_remembered(self):
        self.assertEqual(self.client.get("/gsyl/xinzhou/987654321.html").status_code, 404)
        self.assertIsNone(cache.get("dayuan:content:article-route:987654321"))
        article = make_article(self.tree.xinzhou, "新编号的文章", article_number=987654321)
        self.assertContains(self.client.get(article.url), "新编号的文章")

    def test_a_new_city_appears_among_its_sections_sub_sections(self):
        self.assertNotContains(self.client.get("/gsyl/"), "大同")
        datong = self.tree.gsyl.add_child(
            instance=SectionPage(title="大同", slug="datong", is_city=True, show_in_menus=True)
        )
        datong.save_revision().publish()
        self.assertContains(self.client.get("/gsyl/"), f'<li><a href="{datong.url}">大同</a></li>')
        datong.unpublish()
        self.assertNotContains(self.client.get("/gsyl/"), "大同")


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class FragmentCacheTest(TestCase):
    """Rendered fragments (the article's body and head, navigation, footer, comments)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻", tags=["防控"])

    def test_a_published_edit_replaces_the_body_and_head(self):
        self.assertContains(self.client.get(self.article.url), "要把疫情防控各项措施落到实处")
        revision = self.article.get_latest_revision_as_object()
        revision.body = [("paragraph", "<p>更正后的正文</p>")]
        revision.summary = "更正后的导语"
        revision.save_revision().publish()
        response = self.client.get(self.article.url)
        self.assertContains(response, "<p>更正后的正文</p>", html=True)
        self.assertContains(response, '<meta property="og:description" content="更正后的导语">')
        self.assertNotContains(response, "要把疫情防控各项措施落到实处")

    def test_site_settings_reach_the_article_footer_and_copyright(self):
        self.client.get(self.article.url)
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.about_text = "新的关于文字"
        site_settings.copyright_statement = "新的默认版权声明"
        site_settings.save()
        response = self.client.get(self.article.url)
        self.assertContains(response, "新的关于文字")
        self.assertContains(response, "新的默认版权声明")

    @override_settings(DAYUAN_SITE_URL="https://news.example.cn")
    def test_no_host_or_scheme_a_reader_sends_reaches_the_cached_addresses(self):
        # Absolute addresses come from the configured site (news/addresses.py): whatever
        # Host the first reader sent, the cached content names the site itself.
        path = self.article.url
        first = self.client.get(path, HTTP_HOST="a.example.cn")
        second = self.client.get(path, HTTP_HOST="b.example.cn", secure=True)
        for response in (first, second):
            self.assertContains(
                response, f'<link rel="canonical" href="https://news.example.cn{path}">'
            )
            self.assertContains(
                response,
                f'本文地址:<a class="article__address" href="https://news.example.cn{path}"',
            )
            self.assertNotContains(response, "a.example.cn")
            self.assertNotContains(response, "b.example.cn")

    def test_a_preview_shows_the_drafts_body_not_the_cached_one(self):
        self.client.get(self.article.url)
        draft = self.article.get_latest_revision_as_object()
        draft.body = [("paragraph", "<p>草稿里的正文</p>")]
        response = draft.make_preview_request()
        self.assertContains(response, "草稿里的正文")
        self.assertNotContains(self.client.get(self.article.url), "草稿里的正文")

    def test_a_published_comment_is_listed_at_once(self):
        self.assertContains(self.client.get(self.article.url), "留言与评论(共有 0 条评论)")
        comment = Comment.objects.create(
            article=self.article,
            text="请尽快修路",
            submitted_text="请尽快修路",
            client_hash="a" * 64,
        )
        with self.captureOnCommitCallbacks(execute=True):
            approve([comment], get_user_model().objects.create_superuser("chief", password="x"))
        response = self.client.get(self.article.url)
        self.assertContains(response, "留言与评论(共有 1 条评论)")
        self.assertContains(response, "请尽快修路")

    def test_a_warm_article_page_needs_no_query(self):
        self.client.get(self.article.url)
        with self.assertNumQueries(0):
            self.assertContains(self.client.get(self.article.url), "忻州新闻")

    def test_a_private_section_leaves_the_navigation_and_city_lists(self):
        datong = self.tree.gsyl.add_child(
            instance=SectionPage(title="大同", slug="datong", is_city=True, show_in_menus=True)
        )
        datong.save_revision().publish()
        for address in ("/", "/gsyl/"):
            self.assertContains(self.client.get(address), "大同")
        PageViewRestriction.objects.create(
            page=datong, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        for address in ("/", "/gsyl/", self.article.url):
            with self.subTest(address=address):
                self.assertNotContains(self.client.get(address), "大同")
        self.assertContains(self.client.get("/gsyl/datong/"), 'name="password"')
