"""DedeCMS 专题 → topic pages at /zt/<slug>/.

In DedeCMS 5.x a topic is a row of `dede_archives` with channel -1, filed under a section
whose `dede_arctype.channeltype` is -1 (the 专题 channel), with its nodes (专题节点) in
`dede_addonspec.note`, one `{dede:specnote …}{/dede:specnote}` tag per node:

    {dede:specnote name='最新动态' noteid='zxdt' isauto='0' idlist='3697,3698'
                   keywords='' typeid='0' rownum='40' …}{/dede:specnote}

A node becomes a sub-column: `idlist` the hand-picked articles (by aid, which imported
articles keep as their number), an automatic node (`isauto='1'`) the tag rule from its
first keyword, `rownum` the number shown (at most 50). A database with no
`dede_addonspec` has no topics and nothing happens. Topics are found by their slug
(`dede<aid>`, or the archive's own file name), so running the import again adds only
what is new.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from news.models import ArticlePage
from topics.blocks import COLUMN_MAX_ARTICLES
from topics.models import TopicPage
from topics.setup import ensure_topic_index

from .dedecms import RECYCLE_BIN, TAG_SPLIT, UNAPPROVED, text

TOPIC_CHANNEL = -1
SPEC_NOTE = re.compile(r"\{dede:specnote(.*?)\}.*?\{/dede:specnote\}", re.S | re.I)
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:'([^']*)'|"([^"]*)")""")


@dataclass(frozen=True)
class LegacyTopicColumn:
    title: str
    article_numbers: tuple
    tag: str
    count: int


@dataclass
class LegacyTopic:
    aid: int
    title: str
    intro: str
    slug: str
    published: bool
    columns: list = field(default_factory=list)


def _number(value, default=0):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def parse_nodes(note):
    """The sub-columns of a `dede_addonspec.note`, in order; unreadable nodes are skipped."""
    columns = []
    for match in SPEC_NOTE.finditer(note or ""):
        attributes = {
            name.lower(): single if single is not None else double
            for name, single, double in ATTRIBUTE.findall(match[1])
        }
        title = (attributes.get("name") or attributes.get("noteid") or "").strip()[:30]
        numbers = tuple(
            dict.fromkeys(
                number
                for number in (
                    _number(part) for part in (attributes.get("idlist") or "").split(",")
                )
                if number > 0
            )
        )
        keywords = [word for word in TAG_SPLIT.split(attributes.get("keywords") or "") if word]
        tag = keywords[0][:100] if attributes.get("isauto") == "1" and keywords else ""
        count = max(1, min(_number(attributes.get("rownum"), 10) or 10, COLUMN_MAX_ARTICLES))
        if title and (numbers or tag):
            columns.append(LegacyTopicColumn(title, numbers, tag, count))
    return columns


def read_topics(source):
    """The topics of a DedeCMSDatabase (imports/dedecms.py), or [] when it has none."""
    with source.connection.cursor() as cursor:
        cursor.execute("SHOW TABLES LIKE %s", [f"{source.prefix}addonspec"])
        if not cursor.fetchall():
            return []
    rows = source.query(
        f"SELECT a.id, a.title, a.description, a.arcrank, a.filename, s.note "  # noqa: S608 - table prefix checked, values are parameters
        f"FROM {source.table('archives')} a JOIN {source.table('addonspec')} s ON s.aid = a.id "
        f"WHERE a.channel = %s AND a.arcrank > %s ORDER BY a.id",
        [TOPIC_CHANNEL, RECYCLE_BIN],
    )
    topics = []
    for row in rows:
        slug = slugify(text(row["filename"]).rsplit(".", 1)[0])[:60] or f"dede{row['id']}"
        topics.append(
            LegacyTopic(
                aid=row["id"],
                title=text(row["title"])[:255] or f"专题 {row['id']}",
                intro=text(row["description"])[:1000],
                slug=slug,
                published=row["arcrank"] != UNAPPROVED,
                columns=parse_nodes(text(row["note"])),
            )
        )
    return topics


@transaction.atomic
def write_topics(topics, home, *, dry_run=False):
    """Create the topics not there yet; returns (created, skipped) counts."""
    created = skipped = 0
    if not topics:
        return created, skipped
    existing = set(
        TopicPage.objects.filter(slug__in=[t.slug for t in topics]).values_list("slug", flat=True)
    )
    new = [topic for topic in topics if topic.slug not in existing]
    skipped = len(topics) - len(new)
    if dry_run or not new:
        return len(new), skipped
    index = ensure_topic_index(home)
    numbers = {
        number for topic in new for column in topic.columns for number in column.article_numbers
    }
    articles = {
        article.article_number: article
        for article in ArticlePage.objects.filter(article_number__in=numbers).defer_streamfields()
    }
    for topic in new:
        page = TopicPage(
            title=topic.title,
            slug=topic.slug,
            intro=topic.intro,
            is_current=False,  # an old site's topics are archives; editors mark the current one
            columns=[
                (
                    "column",
                    {
                        "title": column.title,
                        "articles": [
                            articles[number]
                            for number in column.article_numbers
                            if number in articles
                        ],
                        "tag": column.tag,
                        "count": column.count,
                    },
                )
                for column in topic.columns
            ],
        )
        index.add_child(instance=page)
        revision = page.save_revision()
        if topic.published:
            revision.publish()
        else:
            TopicPage.objects.filter(pk=page.pk).update(live=False)
        created += 1
    return created, skipped
