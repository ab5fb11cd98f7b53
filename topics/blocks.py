"""The sub-columns of a topic (最新动态, 图片报道, 视频, 评论 …).

A column is filled by hand (articles chosen in order) and/or by a tag rule (the newest
articles with one tag); hand-picked articles come first, the rule fills the rest.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks

COLUMN_MAX_ARTICLES = 50
COLUMN_DEFAULT_ARTICLES = 10
MAX_COLUMNS = 12


class TopicColumnBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label="子栏目名称", max_length=30, help_text="例如:最新动态、图片报道。"
    )
    articles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="news.ArticlePage", label="文章"),
        label="手选文章",
        required=False,
        max_num=COLUMN_MAX_ARTICLES,
        help_text="按这里的顺序排在最前面。",
    )
    tag = blocks.CharBlock(
        label="按标签自动收录",
        required=False,
        max_length=100,
        help_text="填一个标签名,带这个标签的最新文章自动补满本栏;留空则只显示手选文章。",
    )
    count = blocks.IntegerBlock(
        label="显示篇数",
        default=COLUMN_DEFAULT_ARTICLES,
        min_value=1,
        max_value=COLUMN_MAX_ARTICLES,
    )

    def clean(self, value):
        value = super().clean(value)
        # The chooser turns an id with no page behind it (deleted since) into None.
        if any(article is None for article in value["articles"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "articles": ValidationError("有选中的文章已不存在,请删除后重新选择。")
                }
            )
        return value

    class Meta:
        icon = "list-ul"
        label = "子栏目"
        description = "专题里的一个子栏目:手选文章在前,标签规则补足其余"
        preview_value = {"title": "最新动态", "articles": [], "tag": "乡村振兴", "count": 10}


class TopicColumnsBlock(blocks.StreamBlock):
    column = TopicColumnBlock()

    class Meta:
        max_num = MAX_COLUMNS
