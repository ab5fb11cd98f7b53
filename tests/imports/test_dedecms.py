"""Importing a live DedeCMS database on the real MariaDB: sections, articles, tags, comments."""

import datetime
import zoneinfo

import pytest
from PIL import Image

from comments.models import Comment
from news.models import ArticlePage, SectionPage
from tests.support.dedecms import DedeDatabase, fill_sample_portal
from tests.support.imports import run_import

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dede():
    database = DedeDatabase()
    fill_sample_portal(database)
    yield database
    database.close()


@pytest.fixture
def old_site(tmp_path):
    """A copy of the old site's web root holding the uploaded pictures."""
    uploads = tmp_path / "wwwroot" / "uploads" / "allimg" / "240301"
    uploads.mkdir(parents=True)
    Image.new("RGB", (800, 500), (90, 60, 40)).save(uploads / "gate.jpg")
    Image.new("RGB", (300, 200), (40, 60, 90)).save(uploads / "gate-lp.jpg")
    return tmp_path / "wwwroot"


def import_sample(dede, old_site, *extra):
    return run_import("import_dedecms", dede.url, "--media-root", old_site, *extra)


def test_articles_keep_aid_section_and_old_address(site_tree, dede, old_site, client):
    outcome = import_sample(dede, old_site)
    assert "新建 4 篇" in outcome.stdout
    article = ArticlePage.objects.get(article_number=3697)
    assert article.get_parent().specific == site_tree.xinzhou
    assert article.region == site_tree.xinzhou
    assert client.get("/gsyl/xinzhou/3697.html").status_code == 200
    changzhi = SectionPage.objects.get(slug="changzhi")
    assert changzhi.title == "长治" and changzhi.is_city
    assert changzhi.get_parent().specific == site_tree.gsyl


def test_article_fields_flags_and_counts(site_tree, dede, old_site):
    import_sample(dede, old_site)
    article = ArticlePage.objects.get(article_number=3697)
    assert article.title == "忻州古城北关城门修缮完工 城门洞恢复通行"
    assert article.short_title == "北关城门修缮完工"
    assert article.source == "忻州日报"
    assert article.editor_name == "网络编辑"
    assert article.summary == "忻州古城北关城门修缮完工,城门洞恢复通行。"
    assert article.publish_time == datetime.datetime(2024, 3, 1, 9, 30, tzinfo=BEIJING)
    assert article.view_count == 1520
    assert sorted(article.tags.names()) == sorted(["古城", "文物保护"])
    assert article.is_headline and article.is_recommended and not article.is_slideshow
    assert article.featured_image is not None
    spring = ArticlePage.objects.get(article_number=3698)
    assert spring.is_slideshow and spring.is_sticky and not spring.is_headline
    assert spring.editor_name == "记者王芳"


def test_body_is_cleaned_to_rich_text(site_tree, dede, old_site):
    import_sample(dede, old_site)
    article = ArticlePage.objects.get(article_number=3697)
    assert [block.block_type for block in article.body] == ["paragraph", "image", "paragraph"]
    html = "".join(str(b.value.source) for b in article.body if b.block_type == "paragraph")
    for unsafe in ("<script", "<style", "document.write", "onclick", "onerror", "javascript:"):
        assert unsafe not in html
    assert "<b>修缮历时八个月</b>" in html
    assert '<a href="/gsyl/xinzhou/3690.html">此前报道</a>' in html
    image = article.body[1].value
    assert image["caption"] == "图为修缮后的北关城门。"
    assert image["image"].width == 800


def test_unapproved_article_is_a_draft_and_the_recycle_bin_is_skipped(site_tree, dede, old_site):
    outcome = import_sample(dede, old_site)
    draft = ArticlePage.objects.get(article_number=3699)
    assert not draft.live and draft.live_revision is None
    assert not ArticlePage.objects.filter(article_number__in=[3700, 3701]).exists()
    assert "未导入:回收站中的文章 1 条" in outcome.stdout
    assert "未导入:非文章频道(图集、软件等) 1 条" in outcome.stdout


def test_bad_rows_are_named_and_the_rest_goes_in(site_tree, dede, old_site):
    outcome = import_sample(dede, old_site)
    assert outcome.failed
    assert "dede_archives aid=3703:栏目 typeid=99 在 dede_arctype 中不存在" in outcome.output
    assert "dede_archives aid=3704:pubdate 和 senddate 都为空" in outcome.output
    assert "2 篇文章导入失败" in str(outcome.error)
    assert ArticlePage.objects.count() == 4


def test_old_dedecms_addresses_redirect(site_tree, dede, old_site, client):
    import_sample(dede, old_site)
    response = client.get("/plus/view.php", {"aid": 3697})
    assert response.status_code == 301 and response["Location"] == "/gsyl/xinzhou/3697.html"
    # 文旅 lived in /a/wenlv/ with dated file names; the section is /wenlv/ here.
    response = client.get("/a/wenlv/2024/0308/3702.html")
    assert response.status_code == 301 and response["Location"] == "/wenlv/3702.html"
    assert client.get("/wenlv/3702.html").status_code == 200


def test_redirect_flag_keeps_its_target(site_tree, dede, old_site):
    dede.execute(
        "UPDATE dede_addonarticle SET redirecturl = 'https://example.cn/x' WHERE aid = 3702"
    )
    import_sample(dede, old_site)
    html = str(ArticlePage.objects.get(article_number=3702).body[0].value.source)
    assert 'href="https://example.cn/x"' in html


def test_approved_comments_are_imported_with_their_times(site_tree, dede, old_site):
    import_sample(dede, old_site)
    article = ArticlePage.objects.get(article_number=3697)
    comments = list(Comment.objects.filter(article=article).order_by("created_at"))
    assert [c.nickname for c in comments] == ["古城老住户", "游客"]
    assert all(c.status == Comment.Status.APPROVED for c in comments)
    assert comments[0].created_at == datetime.datetime(2024, 3, 2, 10, 0, tzinfo=BEIJING)
    assert comments[0].client_hash and comments[0].client_hash != comments[1].client_hash
    assert not Comment.objects.filter(text__contains="没有通过审核").exists()


def test_reimport_is_idempotent_and_picks_up_changes(site_tree, dede, old_site):
    import_sample(dede, old_site)
    outcome = import_sample(dede, old_site)
    assert "新建 0 篇,更新 0 篇,未变 4 篇" in outcome.stdout
    assert ArticlePage.objects.count() == 4
    assert Comment.objects.count() == 2
    dede.execute("UPDATE dede_archives SET title = '长治上党区春耕备耕全面展开' WHERE id = 3698")
    dede.add_comment(3697, "新读者", "今天路过,城门很漂亮。", when="2024-03-09 12:00:00")
    outcome = import_sample(dede, old_site)
    assert "更新 2 篇" in outcome.stdout
    assert ArticlePage.objects.get(article_number=3698).title == "长治上党区春耕备耕全面展开"
    assert Comment.objects.count() == 3


def test_dry_run_writes_nothing(site_tree, dede, old_site):
    outcome = import_sample(dede, old_site, "--dry-run")
    assert "将新建 4 篇" in outcome.stdout
    assert "将新建 3697 /gsyl/xinzhou/3697.html" in outcome.stdout
    assert not ArticlePage.objects.exists()
    assert not Comment.objects.exists()


def test_unreachable_database_is_a_clear_error(site_tree):
    outcome = run_import("import_dedecms", "mysql://root@127.0.0.1:1/dedecms")
    assert outcome.failed
    assert "无法连接数据库 mysql://root@127.0.0.1:1/dedecms" in str(outcome.error)


def test_password_is_not_shown_in_messages(site_tree):
    outcome = run_import("import_dedecms", "mysql://root:secret@127.0.0.1:1/dedecms")
    assert "secret" not in str(outcome.error)
    assert "root:***@" in str(outcome.error)


def test_missing_tables_are_named(site_tree):
    database = DedeDatabase(tables={"arctype"})
    try:
        outcome = run_import("import_dedecms", database.url)
    finally:
        database.close()
    assert outcome.failed
    assert "缺少 DedeCMS 的表:dede_archives、dede_addonarticle" in str(outcome.error)


def test_other_table_prefix(site_tree, old_site):
    database = DedeDatabase(prefix="news_")
    try:
        fill_sample_portal(database)
        wrong = run_import("import_dedecms", database.url)
        assert "表前缀不是 dede_" in str(wrong.error)
        outcome = run_import("import_dedecms", database.url, "--prefix", "news_")
    finally:
        database.close()
    assert "新建 4 篇" in outcome.stdout


def test_rows_converted_in_worker_processes_import_the_same(site_tree, dede, old_site):
    for aid in range(5000, 5200):
        dede.add_article(
            aid, 3, f"忻州第{aid}号稿件", f"<p>第{aid}号稿件的正文。</p>", tags=["忻州"]
        )
    outcome = import_sample(dede, old_site, "--jobs", "1", "--quiet")
    assert "新建 204 篇" in outcome.stdout and "失败 2 篇" in outcome.stdout
    assert "aid=3703:栏目 typeid=99" in outcome.output
    article = ArticlePage.objects.get(article_number=5123)
    assert article.title == "忻州第5123号稿件" and list(article.tags.names()) == ["忻州"]


def test_dedecms_page_breaks_join_into_one_article(site_tree, dede, old_site):
    dede.add_article(
        3710,
        3,
        "分页的长文章",
        "<p>第一页的内容。</p>#p#分页标题#e#<p>第二页的内容。</p>#p#三、下一步#e#<p>第三页。</p>",
    )
    import_sample(dede, old_site)
    article = ArticlePage.objects.get(article_number=3710)
    assert [b.block_type for b in article.body] == ["paragraph", "heading", "paragraph"]
    assert article.body[1].value["text"] == "三、下一步"
    assert "#p#" not in str(article.body.raw_data)
