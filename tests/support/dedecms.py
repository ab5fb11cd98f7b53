"""A throwaway DedeCMS database on the machine's MariaDB, for the import tests.

The tables follow DedeCMS 5.7's documented schema (install/sql-dftables.txt), with the
columns the importer reads and the ones around them; the rows are written here, fresh.
Tests fail, not skip, when MariaDB cannot be reached: .ci/run starts it.
"""

import datetime
import os
import secrets
from urllib.parse import urlsplit

import pymysql

SERVER_URL = os.environ.get("DEDECMS_TEST_SERVER", "mysql://root@127.0.0.1:3306")

SCHEMA = [
    """CREATE TABLE `{p}arctype` (
  `id` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `reid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `topid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `sortrank` smallint(5) unsigned NOT NULL DEFAULT '50',
  `typename` char(30) NOT NULL DEFAULT '',
  `typedir` char(60) NOT NULL DEFAULT '',
  `isdefault` smallint(6) NOT NULL DEFAULT '0',
  `defaultname` char(15) NOT NULL DEFAULT 'index.html',
  `issend` smallint(6) NOT NULL DEFAULT '0',
  `channeltype` smallint(6) DEFAULT '1',
  `maxpage` smallint(6) NOT NULL DEFAULT '-1',
  `ispart` smallint(6) NOT NULL DEFAULT '0',
  `corank` smallint(6) NOT NULL DEFAULT '0',
  `tempindex` char(50) NOT NULL DEFAULT '',
  `templist` char(50) NOT NULL DEFAULT '',
  `temparticle` char(50) NOT NULL DEFAULT '',
  `namerule` char(50) NOT NULL DEFAULT '',
  `namerule2` char(50) NOT NULL DEFAULT '',
  `modname` char(20) NOT NULL DEFAULT '',
  `description` char(150) NOT NULL DEFAULT '',
  `keywords` varchar(60) NOT NULL DEFAULT '',
  `seotitle` varchar(80) NOT NULL DEFAULT '',
  `moresite` tinyint(1) unsigned NOT NULL DEFAULT '0',
  `sitepath` char(60) NOT NULL DEFAULT '',
  `siteurl` char(50) NOT NULL DEFAULT '',
  `ishidden` smallint(6) NOT NULL DEFAULT '0',
  `cross` tinyint(1) NOT NULL DEFAULT '0',
  `crossid` text,
  `content` text,
  `smalltypes` text,
  PRIMARY KEY (`id`),
  KEY `reid` (`reid`,`isdefault`,`channeltype`,`ispart`,`corank`,`topid`,`ishidden`)
) DEFAULT CHARSET={charset}""",
    """CREATE TABLE `{p}archives` (
  `id` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `typeid2` varchar(90) NOT NULL DEFAULT '0',
  `sortrank` int(10) unsigned NOT NULL DEFAULT '0',
  `flag` set('c','h','p','f','s','j','a','b') DEFAULT NULL,
  `ismake` smallint(6) NOT NULL DEFAULT '0',
  `channel` smallint(6) NOT NULL DEFAULT '1',
  `arcrank` smallint(6) NOT NULL DEFAULT '0',
  `click` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `money` smallint(6) NOT NULL DEFAULT '0',
  `title` char(60) NOT NULL DEFAULT '',
  `shorttitle` char(36) NOT NULL DEFAULT '',
  `color` char(7) NOT NULL DEFAULT '',
  `writer` char(20) NOT NULL DEFAULT '',
  `source` char(30) NOT NULL DEFAULT '',
  `litpic` char(100) NOT NULL DEFAULT '',
  `pubdate` int(10) unsigned NOT NULL DEFAULT '0',
  `senddate` int(10) unsigned NOT NULL DEFAULT '0',
  `mid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `keywords` char(30) NOT NULL DEFAULT '',
  `lastpost` int(10) unsigned NOT NULL DEFAULT '0',
  `scores` mediumint(8) NOT NULL DEFAULT '0',
  `goodpost` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `badpost` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `voteid` mediumint(8) NOT NULL DEFAULT '0',
  `notpost` tinyint(1) unsigned NOT NULL DEFAULT '0',
  `description` varchar(255) NOT NULL DEFAULT '',
  `filename` varchar(40) NOT NULL DEFAULT '',
  `dutyadmin` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `tackid` int(10) NOT NULL DEFAULT '0',
  `mtype` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `weight` int(10) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`),
  KEY `sortrank` (`sortrank`),
  KEY `mainindex` (`arcrank`,`typeid`,`channel`,`flag`,`mid`)
) DEFAULT CHARSET={charset}""",
    """CREATE TABLE `{p}addonarticle` (
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `body` mediumtext,
  `redirecturl` varchar(255) NOT NULL DEFAULT '',
  `templet` varchar(30) NOT NULL DEFAULT '',
  `userip` char(15) NOT NULL DEFAULT '',
  PRIMARY KEY (`aid`),
  KEY `typeid` (`typeid`)
) DEFAULT CHARSET={charset}""",
    """CREATE TABLE `{p}addonimages` (
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `pagestyle` smallint(6) NOT NULL DEFAULT '1',
  `maxwidth` smallint(6) NOT NULL DEFAULT '600',
  `imgurls` text,
  `row` smallint(6) NOT NULL DEFAULT '0',
  `col` smallint(6) NOT NULL DEFAULT '0',
  `isrm` smallint(6) NOT NULL DEFAULT '0',
  `ddmaxwidth` smallint(6) NOT NULL DEFAULT '200',
  `pagepicnum` smallint(6) NOT NULL DEFAULT '12',
  `templet` varchar(30) NOT NULL DEFAULT '',
  `userip` char(15) NOT NULL DEFAULT '',
  `redirecturl` varchar(255) NOT NULL DEFAULT '',
  `body` mediumtext,
  PRIMARY KEY (`aid`),
  KEY `imagesMain` (`typeid`)
) DEFAULT CHARSET={charset}""",
    """CREATE TABLE `{p}taglist` (
  `tid` int(10) unsigned NOT NULL DEFAULT '0',
  `aid` int(10) unsigned NOT NULL DEFAULT '0',
  `arcrank` smallint(6) NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `tag` varchar(12) NOT NULL DEFAULT '',
  PRIMARY KEY (`tid`,`aid`)
) DEFAULT CHARSET={charset}""",
    """CREATE TABLE `{p}feedback` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `username` char(20) NOT NULL DEFAULT '',
  `arctitle` varchar(60) NOT NULL DEFAULT '',
  `ip` char(15) NOT NULL DEFAULT '',
  `ischeck` smallint(6) NOT NULL DEFAULT '0',
  `dtime` int(10) unsigned NOT NULL DEFAULT '0',
  `mid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `bad` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `good` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `ftype` set('feedback','good','bad') NOT NULL DEFAULT 'feedback',
  `face` smallint(5) unsigned NOT NULL DEFAULT '0',
  `msg` text,
  PRIMARY KEY (`id`),
  KEY `aid` (`aid`,`ischeck`,`mid`)
) DEFAULT CHARSET={charset}""",
]


def beijing_timestamp(text):
    """Unix time of a Beijing wall-clock time, as DedeCMS stores pubdate."""
    naive = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    return int(naive.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=8))).timestamp())


def server_connection(database=None):
    parts = urlsplit(SERVER_URL)
    try:
        return pymysql.connect(
            host=parts.hostname,
            port=parts.port or 3306,
            user=parts.username or "root",
            password=parts.password or "",
            database=database,
            charset="utf8mb4",
            autocommit=True,
            connect_timeout=5,
        )
    except pymysql.err.OperationalError as error:
        raise RuntimeError(
            f"MariaDB at {SERVER_URL} is not reachable ({error}); the DedeCMS import tests need "
            "it: start it with `start-stop-daemon --start --oknodo --background "
            "--exec /usr/sbin/mariadbd` (.ci/run does)"
        ) from error


class DedeDatabase:
    """A fresh database `dayuan_dede_test_<random>` with the DedeCMS tables, dropped on close."""

    def __init__(self, prefix="dede_", charset="gbk", tables=None):
        self.name = f"dayuan_dede_test_{secrets.token_hex(4)}"
        self.prefix = prefix
        with server_connection() as server, server.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{self.name}` DEFAULT CHARACTER SET utf8mb4")
        self.connection = server_connection(self.name)
        for statement in SCHEMA:
            table = statement.split("`")[1].format(p="")
            if tables is None or table in tables:
                self.execute(statement.format(p=prefix, charset=charset))
        self.next_tag_id = 1

    @property
    def url(self):
        return f"{SERVER_URL}/{self.name}"

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)

    def insert(self, table, **values):
        columns = ", ".join(f"`{name}`" for name in values)
        marks = ", ".join(["%s"] * len(values))
        self.execute(
            f"INSERT INTO `{self.prefix}{table}` ({columns}) VALUES ({marks})",  # noqa: S608 - table prefix checked, values are parameters
            list(values.values()),
        )

    def add_section(self, type_id, name, typedir, parent=0, namerule="{typedir}/{aid}.html"):
        self.insert(
            "arctype",
            id=type_id,
            reid=parent,
            topid=parent,
            typename=name,
            typedir=f"{{cmspath}}{typedir}",
            namerule=namerule,
            namerule2="{typedir}/list_{tid}_{page}.html",
            tempindex="{style}/index_article.htm",
            templist="{style}/list_article.htm",
            temparticle="{style}/article_article.htm",
        )

    def add_article(
        self,
        aid,
        type_id,
        title,
        body,
        *,
        published="2024-03-01 09:30:00",
        flag=None,
        tags=(),
        click=0,
        arcrank=0,
        channel=1,
        sortrank=None,
        **columns,
    ):
        pubdate = beijing_timestamp(published)
        self.insert(
            "archives",
            id=aid,
            typeid=type_id,
            sortrank=sortrank if sortrank is not None else pubdate,
            flag=flag,
            channel=channel,
            arcrank=arcrank,
            click=click,
            title=title,
            pubdate=pubdate,
            senddate=pubdate,
            **columns,
        )
        if channel == 1:
            self.insert("addonarticle", aid=aid, typeid=type_id, body=body)
        for tag in tags:
            self.insert("taglist", tid=self.next_tag_id, aid=aid, typeid=type_id, tag=tag)
            self.next_tag_id += 1

    def add_gallery(self, aid, type_id, title, photos, *, body="", **columns):
        """A 图集 (channel 2): `photos` are (address, caption) pairs, written as DedeCMS does."""
        self.add_article(aid, type_id, title, "", channel=2, **columns)
        imgurls = "".join(
            f"{{dede:img ddimg='{address}' text='{caption}' width='800' height='600'}}"
            f"{address}{{/dede:img}}\r\n"
            for address, caption in photos
        )
        self.insert("addonimages", aid=aid, typeid=type_id, imgurls=imgurls, body=body)

    def add_comment(self, aid, username, msg, *, ischeck=1, when="2024-03-02 10:00:00", ip=""):
        self.insert(
            "feedback",
            aid=aid,
            username=username,
            msg=msg,
            ischeck=ischeck,
            dtime=beijing_timestamp(when),
            ip=ip,
            arctitle="",
        )

    def close(self):
        self.connection.close()
        with server_connection() as server, server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{self.name}`")


SAMPLE_BODY = (
    '<p style="text-indent:2em">　　3月1日上午,忻州古城北关城门修缮工程完工,'
    "城门洞恢复通行。<strong>修缮历时八个月</strong>,按原样补砌了城砖。</p>"
    '<script>document.write("<div>广告</div>")</script>'
    "<style>.x{color:red}</style>"
    '<p onclick="steal()"><img src="/uploads/allimg/240301/gate.jpg" alt="修缮后的北关城门" '
    'onerror="alert(1)"></p>'
    "<p>图为修缮后的北关城门。</p>"
    '<p>施工方介绍,城门上的匾额也按老照片重新制作。<a href="javascript:alert(1)">点击查看</a>'
    '<a href="/gsyl/xinzhou/3690.html">此前报道</a></p>'
)


def fill_sample_portal(db):
    """A small DedeCMS portal: nested city sections, flags, tags, comments and bad rows."""
    db.add_section(1, "山西要闻", "/sxyw")
    db.add_section(2, "各市要闻", "/gsyl")
    db.add_section(3, "忻州", "/gsyl/xinzhou", parent=2)
    db.add_section(4, "长治", "/gsyl/changzhi", parent=2)
    db.add_section(5, "文旅", "/a/wenlv", namerule="{typedir}/{Y}/{M}{D}/{aid}.html")
    db.add_article(
        3697,
        3,
        "忻州古城北关城门修缮完工 城门洞恢复通行",
        SAMPLE_BODY,
        published="2024-03-01 09:30:00",
        flag="h,c,p",
        tags=["古城", "文物保护"],
        click=1520,
        shorttitle="北关城门修缮完工",
        writer="网络编辑",
        source="忻州日报",
        litpic="/uploads/allimg/240301/gate-lp.jpg",
        keywords="古城,城门",
        description="忻州古城北关城门修缮完工,城门洞恢复通行。",
    )
    db.add_comment(3697, "古城老住户", "小时候天天从这个城门洞走,修好了真高兴。", ip="10.1.2.3")
    db.add_comment(3697, "游客", "周末带孩子去看看。", when="2024-03-03 18:20:00", ip="10.1.2.4")
    db.add_comment(3697, "匿名", "这条评论没有通过审核。", ischeck=0)
    db.add_article(
        3698,
        4,
        "长治上党区春耕备耕有序推进",
        "<div>　　连日来,上党区各乡镇抓住有利天气,组织农机检修和农资配送。</div>"
        "<div>　　区农业部门组织技术人员下乡,指导农户科学选种。</div>",
        published="2024-03-05 16:00:00",
        flag="f",
        sortrank=beijing_timestamp("2024-04-05 16:00:00"),
        click=88,
        writer="记者王芳",
    )
    db.add_article(
        3699, 1, "尚未审核的稿件", "<p>这篇稿件还没有通过审核。</p>", arcrank=-1,
        published="2024-03-06 08:00:00",
    )  # fmt: skip
    db.add_article(3700, 1, "回收站里的稿件", "<p>已删除。</p>", arcrank=-2)
    db.add_article(3701, 1, "一组图集", "", channel=2)
    db.add_article(
        3702,
        5,
        "五台山景区开通春季旅游专线",
        "<p>即日起,忻州至五台山的旅游专线每天发车四班。</p>",
        published="2024-03-08 07:45:00",
        tags=["旅游"],
        flag="j",
        click=12,
    )
    db.add_article(3703, 99, "栏目不存在的文章", "<p>它的栏目已经被删除。</p>")
    db.execute(
        f"INSERT INTO `{db.prefix}archives` (id, typeid, channel, title, pubdate, senddate, voteid)"  # noqa: S608 - table prefix checked, values are parameters
        " VALUES (3704, 1, 1, '没有发布时间的文章', 0, 0, 0)"
    )
    db.insert("addonarticle", aid=3704, typeid=1, body="<p>时间丢失。</p>")
