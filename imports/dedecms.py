"""A live DedeCMS database (MySQL/MariaDB): sections, articles, tags and approved comments.

Tables and columns as DedeCMS 5.x documents them (install/sql-dftables.txt), default
prefix `dede_`:

- `dede_arctype`: id, reid (parent section), typename, typedir (`{cmspath}/gsyl/xinzhou`),
  namerule (article file rule, `{typedir}/{Y}/{M}{D}/{aid}.html` by default)
- `dede_archives`: id (= aid, kept as the article number), typeid, flag (a SET of h c f a s
  b p j), arcrank (-1 unapproved, -2 recycle bin), channel (1 = article), click, title,
  shorttitle, writer, source, litpic, pubdate/senddate/sortrank (Unix times), keywords,
  description
- `dede_addonarticle`: aid, body (HTML), redirecturl
- `dede_taglist`: aid, tag
- `dede_feedback`: id, aid, username, ip, ischeck (1 = approved), dtime, msg
- `dede_addonimages` (图集, channel 2): aid, imgurls (`{dede:img ddimg='…' text='caption'
  width='…' height='…'}/uploads/….jpg{/dede:img}` per photo), body; each gallery becomes a
  GalleryPage (galleries/) keeping its number

Flags: h 头条 → is_headline, c 推荐 and a 特荐 → is_recommended, f 幻灯 → is_slideshow;
置顶 is DedeCMS's sortrank set after pubdate → is_sticky. s 滚动, b 加粗 and p 图片 have no
counterpart (p follows from litpic); j 跳转 keeps its target as a link in the body.
"""

import datetime
import re
from html import escape, unescape
from urllib.parse import unquote, urlsplit

from .records import ImageRef, ImportProblem, LegacyArticle, LegacyComment
from .richtext import html_to_segments

REQUIRED_TABLES = ("arctype", "archives", "addonarticle")
OPTIONAL_TABLES = ("taglist", "feedback", "addonimages")
ARTICLE_CHANNEL = 1
GALLERY_CHANNEL = 2
# One photo of `imgurls`: its attributes, then its address, as DedeCMS writes them.
GALLERY_IMAGE = re.compile(r"\{dede:img\b([^}]*)\}(.*?)\{/dede:img\}", re.DOTALL | re.IGNORECASE)
GALLERY_IMAGE_ATTRIBUTE = re.compile(r"(\w+)\s*=\s*(['\"])(.*?)\2", re.DOTALL)
RECYCLE_BIN = -2
UNAPPROVED = -1
DEFAULT_NAMERULE = "{typedir}/{Y}/{M}{D}/{aid}.html"
PLACEHOLDER_PICTURES = ("defaultpic", "nopic")
TAG_SPLIT = re.compile(r"[,,;;、\s]+")
# Table names cannot be query parameters: the prefix is checked against this instead.
TABLE_PREFIX = re.compile(r"[A-Za-z0-9_]{0,32}")


def redacted(url: str) -> str:
    """The database address for messages, without its password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def connect(url: str, *, timeout=10):
    import pymysql
    import pymysql.cursors

    parts = urlsplit(url)
    if parts.scheme not in ("mysql", "mariadb", "mysql+pymysql"):
        raise ImportProblem(
            "数据库地址应以 mysql:// 开头,例如 mysql://root@127.0.0.1:3306/dedecms"
            f"(收到 {redacted(url)})"
        )
    database = parts.path.lstrip("/")
    if not database:
        raise ImportProblem(f"数据库地址 {redacted(url)} 里没有数据库名")
    try:
        return pymysql.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            database=unquote(database),
            charset="utf8mb4",  # the server converts GBK tables for us
            cursorclass=pymysql.cursors.DictCursor,
            connect_timeout=timeout,
            read_timeout=300,
        )
    except pymysql.err.MySQLError as error:
        code, message = (error.args + ("",))[:2] if error.args else ("", str(error))
        raise ImportProblem(f"无法连接数据库 {redacted(url)}:{message or code}") from None


def unix_time(value):
    if not value:
        return None
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return unescape(str(value)).strip()


class DedeCMSDatabase:
    def __init__(self, connection, prefix="dede_"):
        if not TABLE_PREFIX.fullmatch(prefix):
            raise ImportProblem(f"表前缀“{prefix}”只能包含字母、数字和下划线")
        self.connection = connection
        self.prefix = prefix
        self.tables = self.check_tables()
        self.sections = self.read_sections()

    def table(self, name):
        return f"`{self.prefix}{name}`"

    def query(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def check_tables(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW TABLES")
            present = {next(iter(row.values())) for row in cursor.fetchall()}
        missing = [
            f"{self.prefix}{name}"
            for name in REQUIRED_TABLES
            if f"{self.prefix}{name}" not in present
        ]
        if missing:
            raise ImportProblem(
                f"数据库缺少 DedeCMS 的表:{'、'.join(missing)}"
                f"(不是 DedeCMS 数据库,或表前缀不是 {self.prefix},可用 --prefix 指定)"
            )
        return {name for name in OPTIONAL_TABLES if f"{self.prefix}{name}" in present}

    # Sections ----------------------------------------------------------------------

    def read_sections(self):
        rows = self.query(
            f"SELECT id, reid, typename, typedir, namerule FROM {self.table('arctype')} ORDER BY id"  # noqa: S608 - table prefix checked, values are parameters
        )
        by_id = {row["id"]: row for row in rows}
        sections = {}

        def resolve(type_id, seen=()):
            if type_id in sections:
                return sections[type_id]
            row = by_id[type_id]
            if type_id in seen:
                raise ImportProblem(f"dede_arctype id={type_id} 的上级栏目形成了循环")
            directory = text(row["typedir"]).replace("{cmspath}", "").strip("/")
            slug = directory.rsplit("/", 1)[-1] if directory else f"type{type_id}"
            parent = row["reid"]
            if parent and parent in by_id:
                parent_path, parent_titles = resolve(parent, (*seen, type_id))
            else:
                parent_path, parent_titles = (), {}
            path = (*parent_path, slug)
            titles = {**parent_titles, path: text(row["typename"]) or slug}
            sections[type_id] = (path, titles)
            return sections[type_id]

        for type_id in by_id:
            try:
                resolve(type_id)
            except ImportProblem:
                continue
        self.namerules = {row["id"]: text(row["namerule"]) or DEFAULT_NAMERULE for row in rows}
        self.typedirs = {
            row["id"]: "/" + text(row["typedir"]).replace("{cmspath}", "").strip("/")
            for row in rows
        }
        return sections

    # Articles ----------------------------------------------------------------------

    def article_filter(self):
        channels = f"a.channel = {ARTICLE_CHANNEL}"
        if "addonimages" in self.tables:
            channels = (
                f"({channels} OR (a.channel = {GALLERY_CHANNEL} AND EXISTS"  # noqa: S608 - table prefix checked, values are parameters
                f" (SELECT 1 FROM {self.table('addonimages')} g WHERE g.aid = a.id)))"
            )
        return f"{channels} AND a.arcrank > {RECYCLE_BIN}"

    def count(self):
        row = self.query(
            f"SELECT COUNT(*) AS n FROM {self.table('archives')} a WHERE {self.article_filter()}"  # noqa: S608 - table prefix checked, values are parameters
        )
        return row[0]["n"]

    def skipped(self):
        """{reason: count} of archives rows that are not imported."""
        rows = self.query(
            f"SELECT SUM(a.arcrank <= {RECYCLE_BIN}) AS recycled,"  # noqa: S608 - table prefix checked, values are parameters
            f" SUM(a.arcrank > {RECYCLE_BIN} AND NOT ({self.article_filter()})) AS other"
            f" FROM {self.table('archives')} a"
        )
        return {
            "回收站中的文章": int(rows[0]["recycled"] or 0),
            "非文章频道(图集、软件等)": int(rows[0]["other"] or 0),
        }

    def batches(self, size=500):
        """Lists of archives rows joined with their body, tags and comments, by ascending aid."""
        last = -1
        galleries = ""
        if "addonimages" in self.tables:
            galleries = (
                f", g.imgurls AS imgurls, g.body AS gallery_body"
                f" FROM {self.table('archives')} a"
                f" LEFT JOIN {self.table('addonimages')} g ON g.aid = a.id"
            )
        else:
            galleries = f" FROM {self.table('archives')} a"
        while True:
            rows = self.query(
                f"SELECT a.*, b.body AS body, b.redirecturl AS redirecturl{galleries}"  # noqa: S608 - table prefix checked, values are parameters
                f" LEFT JOIN {self.table('addonarticle')} b ON b.aid = a.id"
                f" WHERE {self.article_filter()} AND a.id > %s ORDER BY a.id LIMIT %s",
                (last, size),
            )
            if not rows:
                return
            last = rows[-1]["id"]
            ids = [row["id"] for row in rows]
            tags = self.tags_for(ids)
            comments = self.comments_for(ids)
            for row in rows:
                row["tags"] = tags.get(row["id"], [])
                row["comments"] = comments.get(row["id"], [])
            yield rows

    def tags_for(self, ids):
        if "taglist" not in self.tables:
            return {}
        marks = ",".join(["%s"] * len(ids))
        found = {}
        for row in self.query(
            f"SELECT aid, tag FROM {self.table('taglist')}"  # noqa: S608 - table prefix checked, values are parameters
            f" WHERE aid IN ({marks}) ORDER BY aid, tid",
            ids,
        ):
            found.setdefault(row["aid"], []).append(text(row["tag"]))
        return found

    def comments_for(self, ids):
        if "feedback" not in self.tables:
            return {}
        marks = ",".join(["%s"] * len(ids))
        found = {}
        for row in self.query(
            f"SELECT id, aid, username, ip, dtime, msg FROM {self.table('feedback')}"  # noqa: S608 - table prefix checked, values are parameters
            f" WHERE aid IN ({marks}) AND ischeck = 1 ORDER BY aid, id",
            ids,
        ):
            message = re.sub(r"<[^>]+>", "", text(row["msg"]))
            if not message:
                continue
            found.setdefault(row["aid"], []).append(
                LegacyComment(
                    nickname=text(row["username"]),
                    text=message,
                    created_at=unix_time(row["dtime"]) or datetime.datetime.now(tz=datetime.UTC),
                    legacy_id=str(row["id"]),
                    ip=text(row["ip"]),
                )
            )
        return found

    @staticmethod
    def row_name(row):
        return f"dede_archives aid={row['id']}"

    def converter(self):
        return RowConverter(self.prefix, self.sections, self.namerules, self.typedirs)


class RowConverter:
    """Turns an archives row into a LegacyArticle; plain data only, so that worker processes
    can run it (import_dedecms --jobs) while the main process writes."""

    def __init__(self, prefix, sections, namerules, typedirs):
        self.prefix = prefix
        self.sections = sections
        self.namerules = namerules
        self.typedirs = typedirs

    def article_or_problem(self, row):
        try:
            return self.article(row), None
        except ImportProblem as error:
            return None, str(error)
        except Exception as error:  # noqa: BLE001 - reported for this row, the rest goes on
            return None, f"内部错误 {type(error).__name__}: {error}"

    def legacy_address(self, row, published):
        rule = self.namerules.get(row["typeid"], DEFAULT_NAMERULE)
        local = published.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        address = (
            rule.replace("{typedir}", self.typedirs.get(row["typeid"], ""))
            .replace("{cmspath}", "")
            .replace("{Y}", f"{local.year:04d}")
            .replace("{M}", f"{local.month:02d}")
            .replace("{D}", f"{local.day:02d}")
            .replace("{aid}", str(row["id"]))
            .replace("{timestamp}", str(row["pubdate"]))
        )
        return re.sub(r"/{2,}", "/", "/" + address.lstrip("/"))

    def article(self, row) -> LegacyArticle:
        name = DedeCMSDatabase.row_name(row)
        if not 0 < row["id"] < 1_000_000_000:
            raise ImportProblem(f"{name}:文章编号超出范围")
        section = self.sections.get(row["typeid"])
        if section is None:
            raise ImportProblem(f"栏目 typeid={row['typeid']} 在 {self.prefix}arctype 中不存在")
        path, titles = section
        published = unix_time(row["pubdate"]) or unix_time(row["senddate"])
        if published is None:
            raise ImportProblem("pubdate 和 senddate 都为空,没有发布时间")
        raw_flags = row.get("flag") or ""
        if isinstance(raw_flags, (set, frozenset)):
            flags = {text(flag) for flag in raw_flags}
        else:
            flags = set(text(raw_flags).replace(" ", "").split(",")) - {""}
        gallery_images = []
        if row.get("channel") == GALLERY_CHANNEL:
            gallery_images = gallery_image_refs(row.get("imgurls"), text(row["title"]))
            if not gallery_images:
                raise ImportProblem(f"{name}:图集 imgurls 中没有图片")
        raw_body = row.get("body") if row.get("body") is not None else row.get("gallery_body")
        body = html_to_segments(join_pages(text_keep_markup(raw_body)))
        redirect = text(row.get("redirecturl"))
        if "j" in flags and redirect:
            body.append(
                (
                    "paragraph",
                    f'<p>本文链接:<a href="{escape(redirect)}">{escape(redirect)}</a></p>',
                )
            )
        tags = row["tags"] or [tag for tag in TAG_SPLIT.split(text(row.get("keywords"))) if tag]
        litpic = text(row.get("litpic"))
        featured = None
        if litpic and not any(mark in litpic for mark in PLACEHOLDER_PICTURES):
            featured = ImageRef(src=litpic, alt=text(row["title"]))
        sortrank = int(row.get("sortrank") or 0)
        return LegacyArticle(
            source=name,
            number=int(row["id"]),
            section_path=path,
            section_titles=titles,
            title=text(row["title"]),
            short_title=text(row.get("shorttitle")),
            publish_time=published,
            legacy_url=self.legacy_address(row, published),
            editor_name=text(row.get("writer")),
            source_name=text(row.get("source")),
            summary=text(row.get("description")),
            view_count=int(row.get("click") or 0),
            tags=tags,
            body=body,
            featured_image=featured,
            live=int(row.get("arcrank") or 0) != UNAPPROVED,
            is_headline="h" in flags,
            is_recommended=bool(flags & {"c", "a"}),
            is_slideshow="f" in flags,
            is_sticky=sortrank > int(row["pubdate"] or 0) > 0,
            comments=row["comments"],
            gallery_images=gallery_images,
        )


def gallery_image_refs(imgurls, title="") -> list[ImageRef]:
    """The photos of a DedeCMS 图集 in order: address and caption (`text`) of each."""
    refs = []
    for attributes, address in GALLERY_IMAGE.findall(text_keep_markup(imgurls)):
        src = unescape(address).strip()
        if not src:
            continue
        values = {
            match[1].lower(): unescape(match[3]).strip()
            for match in GALLERY_IMAGE_ATTRIBUTE.finditer(attributes)
        }
        caption = values.get("text", "")
        refs.append(ImageRef(src=src, alt=caption or title, caption=caption))
    return refs


# DedeCMS splits long articles into pages with `#p#subtitle#e#`; here they are one page,
# and a subtitle an editor actually wrote becomes a heading.
PAGE_BREAK = re.compile(r"#p#(.*?)#e#", re.DOTALL)
DEFAULT_PAGE_TITLE = "分页标题"


def join_pages(body: str) -> str:
    def heading(match):
        title = match[1].strip()
        return f"<h2>{escape(title)}</h2>" if title and title != DEFAULT_PAGE_TITLE else ""

    return PAGE_BREAK.sub(heading, body)


def text_keep_markup(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value)
