"""Importing saved article pages (plain text and HTML): where they land, what they keep."""

import datetime
import shutil
import zoneinfo

from django.contrib.auth import get_user_model

from wagtail.models import PageLogEntry

import pytest

from news.models import ArticlePage, SectionPage
from tests.support.factories import make_article
from tests.support.imports import HTML, TEXT, run_import

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def body_text(article):
    return "".join(
        str(block.value.source) for block in article.body if block.block_type == "paragraph"
    )


def test_seed_form_page_is_served_at_its_old_address(site_tree, client):
    outcome = run_import("import_pages", TEXT / "xinzhou-4120.txt")
    assert not outcome.failed, outcome.output
    response = client.get("/gsyl/xinzhou/4120.html")
    assert response.status_code == 200
    page = response.content.decode()
    assert "忻州市举行秋季农产品产销对接会 二十多家合作社签约" in page
    assert 'class="meta-line__editor">网络编辑<' in page
    assert 'class="meta-line__region">忻州<' in page
    assert "2023-10-12 16:40:05" in page
    for tag in ("农业", "产销", "合作社"):
        assert f">{tag}</a>" in page
    assert "杂粮、小米、红枣和食用菌等特色产品集中亮相" in page


def test_seed_form_keeps_number_time_editor_tags_and_count(site_tree):
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    article = ArticlePage.objects.get(article_number=4120)
    assert article.get_parent().specific == site_tree.xinzhou
    assert article.region == site_tree.xinzhou
    assert article.publish_time == datetime.datetime(2023, 10, 12, 16, 40, 5, tzinfo=BEIJING)
    assert article.editor_name == "网络编辑"
    assert sorted(article.tags.names()) == sorted(["农业", "产销", "合作社"])
    assert article.view_count == 356
    assert article.live and article.live_revision is not None


def test_page_furniture_is_not_part_of_the_body(site_tree):
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    text = body_text(ArticlePage.objects.get(article_number=4120))
    assert text.count("<p>") == 3
    for furniture in (
        "扫一扫",
        "版权声明",
        "本文地址",
        "留言与评论",
        "验证码",
        "关于",
        "Copyright",
    ):
        assert furniture not in text


def test_gbk_text_page_is_decoded(site_tree):
    outcome = run_import("import_pages", TEXT / "taiyuan-gbk-4121.txt")
    assert not outcome.failed, outcome.output
    article = ArticlePage.objects.get(article_number=4121)
    assert article.title == "太原迎泽区老旧小区加装电梯进展顺利 首批三十部投入使用"
    assert article.editor_name == "记者李明"
    assert sorted(article.tags.names()) == sorted(["民生", "老旧小区", "加装电梯"])
    assert "首批三十部加装电梯已经通过验收" in body_text(article)


def test_meta_line_with_missing_fields_takes_defaults(site_tree):
    outcome = run_import("import_pages", TEXT / "shehui-missing-fields-4122.txt")
    assert not outcome.failed, outcome.output
    article = ArticlePage.objects.get(article_number=4122)
    assert article.get_parent().specific == site_tree.shehui
    assert article.editor_name == "网络编辑"
    assert list(article.tags.names()) == []
    assert article.view_count == 0
    assert article.region is None


def test_missing_sections_are_created_and_cities_get_their_names(site_tree):
    run_import("import_pages", HTML / "linfen-4130.html", HTML / "wenlv-4132.html")
    linfen = SectionPage.objects.get(url_path="/dayuan-home/gsyl/linfen/")
    assert linfen.title == "临汾" and linfen.is_city
    assert linfen.get_parent().specific == site_tree.gsyl
    wenlv = SectionPage.objects.get(url_path="/dayuan-home/wenlv/")
    assert wenlv.title == "文旅" and not wenlv.is_city


def test_html_page_keeps_article_images_captions_and_links(site_tree, client):
    outcome = run_import("import_pages", HTML / "linfen-4130.html")
    assert not outcome.failed, outcome.output
    article = ArticlePage.objects.get(article_number=4130)
    assert article.title == "临汾汾河湿地公园迎来越冬候鸟 观鸟点增至六处"
    assert article.publish_time == datetime.datetime(2023, 11, 2, 8, 30, tzinfo=BEIJING)
    assert article.view_count == 856
    assert sorted(article.tags.names()) == sorted(["生态", "候鸟", "湿地"])
    kinds = [block.block_type for block in article.body]
    assert kinds == ["paragraph", "image", "paragraph"]
    image_block = article.body[1].value
    assert image_block["caption"] == "图为汾河湿地公园北区的水面。"
    assert image_block["image"].contextual_alt_text == "湿地公园的水面上停满了候鸟"
    text = body_text(article)
    assert "<b>二十余种</b>" in text
    assert '<a href="/gsyl/linfen/4101.html">全园观鸟点</a>' in text
    response = client.get("/gsyl/linfen/4130.html")
    assert response.status_code == 200
    assert "图为汾河湿地公园北区的水面。" in response.content.decode()


def test_html_page_drops_navigation_ads_scripts_and_furniture(site_tree):
    run_import("import_pages", HTML / "linfen-4130.html")
    text = body_text(ArticlePage.objects.get(article_number=4130))
    for unwanted in (
        "<script", "document.write", "广告", "javascript:", "onclick", "首页", "当前位置",
        "扫一扫", "版权声明", "本文地址", "上一篇", "相关文章", "留言与评论", "热点内容",
    ):  # fmt: skip
        assert unwanted not in text
    assert "点此领取观鸟手册" in text  # the link text stays, the javascript: link goes


def test_gbk_html_page_with_dated_address_redirects_to_the_section_address(site_tree, client):
    outcome = run_import("import_pages", HTML / "yuncheng-gbk-4131.html")
    assert not outcome.failed, outcome.output
    article = ArticlePage.objects.get(article_number=4131)
    assert article.title == "运城盐湖景区冬季开放时间调整 游客可预约错峰游览"
    assert body_text(article).count("<p>") == 3
    assert client.get("/gsyl/yuncheng/4131.html").status_code == 200
    response = client.get("/gsyl/yuncheng/2023/0818/4131.html")
    assert response.status_code == 301
    assert response["Location"] == "/gsyl/yuncheng/4131.html"


def test_image_without_a_local_copy_is_kept_as_a_link_with_a_warning(site_tree):
    outcome = run_import("import_pages", HTML / "wenlv-4132.html")
    assert not outcome.failed
    assert "lantern.jpg 找不到本地文件" in outcome.output
    article = ArticlePage.objects.get(article_number=4132)
    assert 'href="https://www.demo-portal.example/uploads/allimg/231201/lantern.jpg"' in body_text(
        article
    )
    assert [b.block_type for b in article.body].count("heading") == 1
    assert "<ul><li>线路一" in body_text(article)


def test_image_found_under_media_root(site_tree, tmp_path):
    copy = tmp_path / "site" / "uploads" / "allimg" / "231201"
    copy.mkdir(parents=True)
    shutil.copy(HTML / "4130_files" / "wetland.jpg", copy / "lantern.jpg")
    outcome = run_import(
        "import_pages", HTML / "wenlv-4132.html", "--media-root", tmp_path / "site"
    )
    assert "找不到本地文件" not in outcome.output
    article = ArticlePage.objects.get(article_number=4132)
    images = [b.value for b in article.body if b.block_type == "image"]
    assert images[0]["caption"] == "古城街头的花灯(资料图)"


def test_folder_import_takes_every_page_and_skips_image_files(site_tree):
    outcome = run_import("import_pages", TEXT, HTML)
    assert not outcome.failed, outcome.output
    assert ArticlePage.objects.filter(article_number__in=range(4120, 4133)).count() == 6
    assert "新建 6 篇" in outcome.stdout


def test_reimport_changes_nothing(site_tree):
    run_import("import_pages", TEXT, HTML)
    revisions = {a.pk: a.latest_revision_id for a in ArticlePage.objects.all()}
    outcome = run_import("import_pages", TEXT, HTML)
    assert "新建 0 篇,更新 0 篇,未变 6 篇,失败 0 篇" in outcome.stdout
    assert ArticlePage.objects.count() == 6
    assert {a.pk: a.latest_revision_id for a in ArticlePage.objects.all()} == revisions


def test_reimport_of_a_changed_page_updates_it_in_place(site_tree, tmp_path):
    page = tmp_path / "4120.txt"
    shutil.copy(TEXT / "xinzhou-4120.txt", page)
    run_import("import_pages", page)
    original = ArticlePage.objects.get(article_number=4120)
    page.write_text(
        page.read_text(encoding="utf-8").replace("二十多家合作社签约", "二十六家合作社签约"),
        encoding="utf-8",
    )
    outcome = run_import("import_pages", page)
    assert "更新 1 篇" in outcome.stdout
    updated = ArticlePage.objects.get(article_number=4120)
    assert updated.pk == original.pk
    assert updated.title.endswith("二十六家合作社签约")
    assert updated.revisions.count() == 2
    assert ArticlePage.objects.count() == 1


def test_view_count_keeps_readers_counted_here(site_tree):
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    article = ArticlePage.objects.get(article_number=4120)
    article.view_count_record.count = 1000
    article.view_count_record.save()
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    assert ArticlePage.objects.get(article_number=4120).view_count == 1000


def test_dry_run_reports_and_writes_nothing(site_tree):
    outcome = run_import("import_pages", TEXT, "--dry-run")
    assert not outcome.failed, outcome.output
    assert "将新建 4120 /gsyl/xinzhou/4120.html" in outcome.stdout
    assert "试运行" in outcome.stdout and "将新建 3 篇" in outcome.stdout
    assert not ArticlePage.objects.exists()
    assert not SectionPage.objects.filter(slug="shehui").exclude(pk=site_tree.shehui.pk).exists()
    run_import("import_pages", TEXT)
    outcome = run_import("import_pages", TEXT, "--dry-run")
    assert "将新建 0 篇,将更新 0 篇,不变 3 篇" in outcome.stdout


def test_number_of_another_article_is_not_overwritten(site_tree):
    mine = make_article(site_tree.taiyuan, "编辑部自己写的文章", article_number=4120, slug="4120")
    outcome = run_import("import_pages", TEXT / "xinzhou-4120.txt")
    assert outcome.failed
    assert "xinzhou-4120.txt" in outcome.output
    assert "文章编号 4120 已被另一篇文章《编辑部自己写的文章》" in outcome.output
    mine.refresh_from_db()
    assert mine.title == "编辑部自己写的文章"
    assert ArticlePage.objects.count() == 1


def test_import_is_logged_with_the_old_address(site_tree):
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    entry = PageLogEntry.objects.get(action="dayuan.import")
    assert entry.data["legacy_url"] == "http://www.demo-portal.example/gsyl/xinzhou/4120.html"
    assert entry.message == "从旧站导入"


def test_imported_article_is_editable_in_the_admin(site_tree, client):
    run_import("import_pages", HTML / "linfen-4130.html")
    article = ArticlePage.objects.get(article_number=4130)
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{article.pk}/history/").status_code == 200
    revision = article.latest_revision.as_object()
    assert revision.title == article.title


def test_imported_articles_are_found_by_search(site_tree, client):
    run_import("import_pages", TEXT)
    response = client.get("/search/", {"q": "合作社"})
    assert "忻州市举行秋季农产品产销对接会" in response.content.decode()


def test_cached_listing_shows_imported_articles(site_tree, client):
    assert "农产品产销对接会" not in client.get("/gsyl/xinzhou/").content.decode()
    client.get("/gsyl/xinzhou/")  # now cached
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    assert "农产品产销对接会" in client.get("/gsyl/xinzhou/").content.decode()


def test_dynamic_dedecms_address_redirects_to_the_article(site_tree, client):
    run_import("import_pages", TEXT / "xinzhou-4120.txt")
    response = client.get("/plus/view.php", {"aid": "4120"})
    assert response.status_code == 301
    assert response["Location"] == "/gsyl/xinzhou/4120.html"
    assert client.get("/a/news/4120.html")["Location"] == "/gsyl/xinzhou/4120.html"
    assert client.get("/plus/view.php", {"aid": "99999"}).status_code == 404
    assert client.get("/plus/view.php", {"aid": "abc"}).status_code == 404


def test_progress_shows_count_and_rate_unless_quiet(site_tree):
    outcome = run_import("import_pages", TEXT)
    assert "导入中 [" in outcome.stderr and "3/3" in outcome.stderr and "篇/秒" in outcome.stderr
    quiet = run_import("import_pages", TEXT, "--quiet")
    assert "导入中" not in quiet.stderr
    assert "未变 3 篇" in quiet.stdout


def test_same_number_twice_in_one_run_is_one_article(site_tree, tmp_path):
    text = (TEXT / "xinzhou-4120.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("二十多家合作社签约", "合作社签约"), "utf-8")
    outcome = run_import("import_pages", tmp_path)
    assert not outcome.failed, outcome.output
    assert "新建 1 篇,更新 1 篇" in outcome.stdout
    assert ArticlePage.objects.get().title == "忻州市举行秋季农产品产销对接会 合作社签约"


def test_new_articles_are_written_in_bulk(site_tree, tmp_path, django_assert_max_num_queries):
    """A run of 40 new articles costs about four statements each (the lookup, the slug
    check, a savepoint and its release), not the sixteen of saving them one by one."""
    text = (TEXT / "xinzhou-4120.txt").read_text(encoding="utf-8")
    for number in range(5000, 5040):
        (tmp_path / f"{number}.txt").write_text(
            text.replace("/4120.html", f"/{number}.html"), encoding="utf-8"
        )
    with django_assert_max_num_queries(40 * 5):
        outcome = run_import("import_pages", tmp_path, "--quiet")
    assert "新建 40 篇" in outcome.stdout
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])
    site_tree.xinzhou.refresh_from_db()
    assert site_tree.xinzhou.numchild == 40
    assert site_tree.xinzhou.get_children().count() == 40


def test_pages_parsed_in_worker_processes_import_the_same(site_tree, tmp_path):
    text = (TEXT / "xinzhou-4120.txt").read_text(encoding="utf-8")
    for number in range(6000, 6200):
        (tmp_path / f"{number}.txt").write_text(
            text.replace("/4120.html", f"/{number}.html"), encoding="utf-8"
        )
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary")
    outcome = run_import("import_pages", tmp_path, "--jobs", "1", "--quiet")
    assert "新建 200 篇" in outcome.stdout and "失败 1 篇" in outcome.stdout
    assert "broken.txt:不是文本或网页文件" in outcome.output
    assert ArticlePage.objects.filter(article_number__range=(6000, 6199)).count() == 200
