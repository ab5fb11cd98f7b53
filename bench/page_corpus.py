"""A synthetic news corpus for the page benchmark, written straight into the page tables.

Creating 100,000 Wagtail pages one `add_child` at a time takes most of an hour; this
computes the tree paths itself and inserts rows in batches, which takes seconds.
Text is made of common Chinese words (written for this project, no downloads).
"""

import datetime
import json
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Page

from news.models import ArticlePage, ArticleTag, SectionPage

WORDS = [
    "城市",
    "社区",
    "居民",
    "服务",
    "项目",
    "建设",
    "发展",
    "工作",
    "会议",
    "群众",
    "企业",
    "就业",
    "学校",
    "医院",
    "交通",
    "道路",
    "公园",
    "生态",
    "环保",
    "文化",
    "旅游",
    "乡村",
    "农业",
    "产业",
    "科技",
    "创新",
    "安全",
    "检查",
    "培训",
    "活动",
    "志愿者",
    "老人",
    "儿童",
    "教育",
    "健康",
    "防控",
    "治理",
    "改革",
    "市场",
    "消费",
    "物流",
    "能源",
    "供暖",
    "水利",
    "河道",
    "湿地",
    "博物馆",
    "非遗",
    "古建筑",
    "民俗",
    "节日",
    "招聘",
    "岗位",
    "政策",
    "补贴",
]
TAG_WORDS = WORDS[:40]
BATCH = 1000


def sentence(rng, length=18):
    return "".join(rng.choice(WORDS) for _ in range(length // 2)) + "。"


def body_json(rng):
    blocks = [
        {
            "type": "paragraph",
            "value": "<p>" + "".join(sentence(rng) for _ in range(4)) + "</p>",
            "id": str(uuid.UUID(int=rng.getrandbits(128))),
        }
        for _ in range(3)
    ]
    return json.dumps(blocks, ensure_ascii=False)


@transaction.atomic
def build_corpus(count, seed=20261128):
    """Add `count` live articles spread over the city sections."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    cities = list(SectionPage.objects.filter(is_city=True).order_by("path"))
    if not cities:
        raise SystemExit("No city sections: run load_demo_content first.")
    tags = [Tag.objects.get_or_create(name=word)[0] for word in TAG_WORDS]
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    highest = ArticlePage.objects.order_by("-article_number").values_list(
        "article_number", flat=True
    )
    start_number = (highest.first() or 0) + 1
    now = timezone.now()
    per_city = {city.pk: [] for city in cities}
    for index in range(count):
        per_city[cities[index % len(cities)].pk].append(start_number + index)

    for city in cities:
        numbers = per_city[city.pk]
        last_child = city.get_last_child()
        step = int(last_child.path[-Page.steplen :], 36) if last_child else 0
        for batch_start in range(0, len(numbers), BATCH):
            pages = []
            for number in numbers[batch_start : batch_start + BATCH]:
                step += 1
                title = f"{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(WORDS)}新闻{number}"
                page = Page(
                    title=title,
                    draft_title=title,
                    slug=str(number),
                    content_type_id=content_type_id,
                    path=Page._get_path(city.path, city.depth + 1, step),
                    depth=city.depth + 1,
                    numchild=0,
                    url_path=f"{city.url_path}{number}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now - datetime.timedelta(minutes=number),
                    last_published_at=now - datetime.timedelta(minutes=number),
                    locale_id=city.locale_id,
                    translation_key=uuid.UUID(int=rng.getrandbits(128)),
                    show_in_menus=False,
                )
                page.bench_number = number
                pages.append(page)
            Page.objects.bulk_create(pages, batch_size=BATCH)
            ids = dict(
                Page.objects.filter(path__in=[page.path for page in pages]).values_list(
                    "path", "id"
                )
            )
            _insert_articles(pages, ids, city, rng)
            ArticleTag.objects.bulk_create(
                [
                    ArticleTag(content_object_id=ids[page.path], tag=tag)
                    for page in pages
                    for tag in rng.sample(tags, 3)
                ],
                batch_size=BATCH,
            )
        Page.objects.filter(pk=city.pk).update(numchild=step)


def _insert_articles(pages, ids, city, rng):
    """Raw inserts: Django cannot bulk_create a multi-table-inherited model."""
    values = {
        "short_title": "",
        "editor_name": "网络编辑",
        "source": "大院网",
        "featured_image_id": None,
        "copyright_statement": "",
        "is_headline": False,
        "is_recommended": False,
        "is_slideshow": False,
        "is_sticky": False,
        "region_id": city.pk,
    }
    # Columns added by later features take their model defaults.
    for field in ArticlePage._meta.local_concrete_fields:
        if field.column not in values and field.column not in {
            "page_ptr_id", "summary", "publish_time", "body", "article_number"
        }:  # fmt: skip
            values[field.column] = field.get_db_prep_save(field.get_default(), connection)
    columns = ["page_ptr_id", "summary", "publish_time", "body", "article_number", *values]
    rows = [
        (
            ids[page.path],
            sentence(rng, 30),
            page.first_published_at,
            body_json(rng),
            page.bench_number,
            *values.values(),
        )
        for page in pages
    ]
    quote = connection.ops.quote_name
    # Table and column names come from the model's own metadata, values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(ArticlePage._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
