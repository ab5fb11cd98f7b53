"""The demo's topic: 乡村振兴 across the cities, one column by tag rule, others by hand.

Idempotent: run again, it finds the topic by its slug and changes nothing.
"""

from news.models import ArticlePage

from .models import TopicPage
from .setup import ensure_topic_index

DEMO_TOPIC_SLUG = "xiangcun-zhenxing"


def ensure_demo_topic(home, make_image):
    """One current topic under /zt/; `make_image(title, seed, size=…)` draws its banner."""
    index = ensure_topic_index(home)
    if TopicPage.objects.filter(slug=DEMO_TOPIC_SLUG).exists():
        return 0
    articles = ArticlePage.objects.live().defer_streamfields().by_time()
    with_pictures = list(
        articles.filter(tagged_items__tag__name="古建筑", featured_image__isnull=False)[:4]
    )
    about_work = list(articles.filter(tagged_items__tag__name="民生")[:3])
    topic = TopicPage(
        title="乡村振兴在山西",
        slug=DEMO_TOPIC_SLUG,
        intro="古村修缮、文旅融合、产业兴旺:本站记者走进全省各市乡村,记录乡村振兴的新变化。",
        is_current=True,
        banner_image=make_image("专题:乡村振兴在山西", 9001, size=(1920, 640)),
        columns=[
            ("column", {"title": "最新动态", "articles": [], "tag": "乡村振兴", "count": 10}),
            (
                "column",
                {"title": "图片报道", "articles": with_pictures, "tag": "", "count": 4},
            ),
            (
                "column",
                {"title": "民生关注", "articles": about_work, "tag": "民生", "count": 6},
            ),
        ],
    )
    index.add_child(instance=topic)
    topic.save_revision().publish()
    return 1
