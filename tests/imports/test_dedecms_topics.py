"""DedeCMS 专题 (channel -1, nodes in dede_addonspec) become topic pages at /zt/<slug>/."""

import pytest

from tests.support.dedecms import DedeDatabase, fill_sample_portal
from tests.support.imports import run_import
from topics.models import TopicPage

pytestmark = pytest.mark.django_db

ADDONSPEC = """CREATE TABLE `{p}addonspec` (
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `note` text,
  `templet` varchar(100) NOT NULL DEFAULT '',
  `userip` char(15) NOT NULL DEFAULT '',
  PRIMARY KEY (`aid`)
) DEFAULT CHARSET=gbk"""

NOTE = (
    "{dede:specnote imgheight='90' imgwidth='120' infolen='160' listtmp='default' "
    "noteid='zxdt' isauto='0' name='古城新闻' rownum='40' keywords='' typeid='0' "
    "idlist='3698,3697,99999' col='1' titlelen='60'}{/dede:specnote}"
    "{dede:specnote noteid='lv' isauto='1' name='旅游动态' rownum='500' keywords='旅游,文旅' "
    "typeid='0' idlist=''}{/dede:specnote}"
    "{dede:specnote noteid='empty' isauto='0' name='空节点' idlist=''}{/dede:specnote}"
    "{dede:specnote broken"
)


@pytest.fixture
def dede():
    database = DedeDatabase()
    fill_sample_portal(database)
    database.add_section(9, "专题", "/special", namerule="{typedir}/{aid}.html")
    database.execute("UPDATE `dede_arctype` SET channeltype = -1 WHERE id = 9")
    database.execute(ADDONSPEC.format(p="dede_"))
    database.add_article(
        501, 9, "古城保护专题", "", channel=-1, description="<b>古城</b>的保护与利用。"
    )
    database.insert("addonspec", aid=501, typeid=9, note=NOTE)
    database.add_article(502, 9, "待审专题", "", channel=-1, arcrank=-1, filename="daishen")
    database.insert("addonspec", aid=502, typeid=9, note="")
    database.add_article(503, 9, "回收站专题", "", channel=-1, arcrank=-2)
    database.insert("addonspec", aid=503, typeid=9, note="")
    yield database
    database.close()


def test_topics_become_topic_pages_with_their_nodes_as_columns(site_tree, dede, client):
    outcome = run_import("import_dedecms", dede.url, "--jobs", "0")
    # The sample portal's two bad article rows fail the run; the topics still go in.
    assert "专题:新建 2 个,已有 0 个" in outcome.stdout
    topic = TopicPage.objects.get(slug="dede501")
    assert topic.live and topic.title == "古城保护专题" and not topic.is_current
    assert topic.intro == "<b>古城</b>的保护与利用。"  # shown as text, escaped by the template
    rules = topic.column_rules()
    assert [rule.title for rule in rules] == ["古城新闻", "旅游动态"]
    numbers = [page.article_number for page in topic.column_listings()[0].articles]
    assert numbers == [3698, 3697]  # the node's order; the aid with no article is left out
    assert rules[1].tag == "旅游" and rules[1].count == 50
    response = client.get("/zt/dede501/")
    assert response.status_code == 200
    assert "&lt;b&gt;古城&lt;/b&gt;" in response.content.decode()
    draft = TopicPage.objects.get(slug="daishen")
    assert not draft.live
    assert not TopicPage.objects.filter(title="回收站专题").exists()


def test_reimport_adds_no_second_copy(site_tree, dede):
    run_import("import_dedecms", dede.url, "--jobs", "0")
    outcome = run_import("import_dedecms", dede.url, "--jobs", "0")
    assert "专题:新建 0 个,已有 2 个" in outcome.stdout
    assert TopicPage.objects.count() == 2


def test_dry_run_writes_no_topic(site_tree, dede):
    outcome = run_import("import_dedecms", dede.url, "--dry-run", "--jobs", "0")
    assert "专题:将新建 2 个" in outcome.stdout
    assert not TopicPage.objects.exists()


def test_a_database_without_topics_changes_nothing(site_tree):
    database = DedeDatabase()
    try:
        fill_sample_portal(database)
        outcome = run_import("import_dedecms", database.url, "--jobs", "0")
    finally:
        database.close()
    assert "专题" not in outcome.stdout
    assert not TopicPage.objects.exists()
