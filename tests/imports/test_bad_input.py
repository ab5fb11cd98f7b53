"""Bad saved pages: each is reported by name with its reason, the rest still goes in."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from news.models import ArticlePage
from tests.support.imports import BAD, TEXT, run_import

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "空文件"),
        ("whitespace-only.txt", "空文件(只有空白)"),
        ("picture.txt", "不是文本或网页文件(内容是二进制数据)"),
        ("no-date.txt", "缺少发布时间"),
        ("bad-date.txt", "发布时间“2023-02-30 25:61:00”不是真实存在的日期时间"),
        ("no-number.txt", "里没有文章编号"),
    ],
)
def test_bad_page_is_named_with_its_reason(site_tree, name, reason):
    outcome = run_import("import_pages", BAD / name)
    assert outcome.failed
    assert f"{BAD / name}:" in outcome.output
    assert reason in outcome.output
    assert "失败 1 篇" in outcome.stdout
    assert not ArticlePage.objects.exists()


def test_bad_pages_do_not_stop_the_good_ones(site_tree):
    outcome = run_import("import_pages", BAD, TEXT)
    assert outcome.failed
    assert "新建 3 篇" in outcome.stdout and "失败 6 篇" in outcome.stdout
    assert "6 个页面导入失败" in str(outcome.error)
    assert ArticlePage.objects.count() == 3


def test_missing_path_is_reported(site_tree, tmp_path):
    outcome = run_import("import_pages", tmp_path / "nowhere.txt")
    assert outcome.failed
    assert "nowhere.txt:文件或文件夹不存在" in outcome.output


def test_failure_inside_the_database_leaves_nothing_half_written(site_tree, tmp_path):
    page = tmp_path / "long-tag.txt"
    text = (TEXT / "xinzhou-4120.txt").read_text(encoding="utf-8")
    # A slug that collides with a sibling page: the article fails after its section and
    # tags were written in the same savepoint.
    page.write_text(text.replace("/gsyl/xinzhou/4120.html", "/newsection/4120.html"), "utf-8")
    site_tree.home.add_child(instance=type(site_tree.shehui)(title="占位", slug="newsection"))
    placeholder = site_tree.home.get_children().get(slug="newsection").specific
    placeholder.add_child(instance=ArticlePage(title="旧文章", slug="4120", article_number=9))
    outcome = run_import("import_pages", page)
    assert outcome.failed
    assert "long-tag.txt:内容校验失败" in outcome.output
    assert ArticlePage.objects.count() == 1
    from taggit.models import Tag

    assert not Tag.objects.filter(name="合作社").exists()


def test_gbk_page_among_utf8_pages(site_tree, tmp_path):
    for source in TEXT.iterdir():
        shutil.copy(source, tmp_path / source.name)
    outcome = run_import("import_pages", tmp_path)
    assert not outcome.failed, outcome.output
    assert ArticlePage.objects.get(article_number=4121).title.startswith("太原迎泽区")


def test_ten_megabyte_page_is_imported_without_its_padding(site_tree, tmp_path):
    html = (BAD.parent / "html" / "linfen-4130.html").read_text(encoding="utf-8")
    padding = "<script>var tracking = '" + "x" * 1024 + "';</script>\n"
    comments = "<dl><dt>网友</dt><dd>一条很长的留言。</dd></dl>\n" * 2000
    big = html.replace("</body>", padding * 9800 + comments + "</body>")
    page = tmp_path / "big-4130.html"
    page.write_text(big, encoding="utf-8")
    assert page.stat().st_size > 10 * 1024 * 1024
    started = time.monotonic()
    outcome = run_import("import_pages", page)
    assert not outcome.failed, outcome.output
    assert time.monotonic() - started < 60
    article = ArticlePage.objects.get(article_number=4130)
    assert len(str(article.body.raw_data)) < 5000


def test_page_over_the_size_limit_is_refused_with_the_limit(site_tree, tmp_path):
    page = tmp_path / "huge.txt"
    page.write_bytes((TEXT / "xinzhou-4120.txt").read_bytes() + b" " * (2 * 1024 * 1024))
    outcome = run_import("import_pages", page, "--max-mb", "1")
    assert outcome.failed
    assert "huge.txt:文件过大(2.0 MB,上限 1 MB,可用 --max-mb 调整)" in outcome.output


def test_command_line_exit_code_is_non_zero_when_a_page_fails():
    # A separate process, as an operator runs it: no database is touched before the failure.
    result = subprocess.run(
        [sys.executable, "manage.py", "import_dedecms", "mysql://root@127.0.0.1:1/nothing"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "site_project.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "无法连接数据库 mysql://root@127.0.0.1:1/nothing" in result.stderr


def test_a_bare_site_is_refused_until_setup_site_has_run(db):
    # Only what `migrate` creates: Wagtail's placeholder front page.
    outcome = run_import("import_pages", TEXT)
    assert outcome.failed
    assert "setup_site" in str(outcome.error) + outcome.output
    assert not ArticlePage.objects.exists()
    from news.models import SectionPage

    assert not SectionPage.objects.exists()
