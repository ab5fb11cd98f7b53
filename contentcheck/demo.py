"""Demo content for 内容检查: two publishing words and one draft that trips the check.

Idempotent: what exists is left alone. The misspellings come from migration 0002.
"""

from news.models import ArticlePage, SectionPage

from .models import PublishingWord

DEMO_WORDS = [
    ("内部资料", PublishingWord.Level.BLOCK, "演示:内部文件不得见报"),
    ("据小道消息", PublishingWord.Level.WARN, "演示:未经核实的消息来源,请编辑核对"),
]
DEMO_DRAFT_TITLE = "【演示】内容检查示例稿件"
DEMO_DRAFT_BODY = [
    ("paragraph", "<p>本稿用于演示发稿前的内容检查,不会发布。</p>"),
    (
        "paragraph",
        "<p>据小道消息,这份内部资料显示,做为试点的三个县既使遇到困难,也要再接再励。</p>",
    ),
]


def ensure_content_check_demo():
    """Returns how many objects were created."""
    created = 0
    for word, level, note in DEMO_WORDS:
        _, new = PublishingWord.objects.get_or_create(
            word=word, defaults={"level": level, "note": note}
        )
        created += new
    city = SectionPage.objects.filter(slug="xinzhou", is_city=True).first()
    if city is None or ArticlePage.objects.filter(title=DEMO_DRAFT_TITLE).exists():
        return created
    draft = ArticlePage(
        title=DEMO_DRAFT_TITLE,
        summary="演示稿件:打开编辑页可以看到内容检查的结果。",
        body=DEMO_DRAFT_BODY,
        live=False,
    )
    city.add_child(instance=draft)
    draft.save_revision()
    return created + 1
