"""StreamField blocks for the article body.

Every block carries an icon, a template, a description and a preview value, so
the block picker in the editor shows editors what each block will look like.
"""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from video.blocks import UploadedVideoBlock, VideoEmbedBlock

PREVIEW_PARAGRAPH = (
    "<p>清晨六点,汾河岸边的步道上已经有了晨练的人。市民们说,新修的滨河公园让生活多了几分从容。</p>"
)


def first_image():
    """An image for block previews; None until the library has one."""
    return get_image_model().objects.order_by("pk").first()


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(
            # document-link: a linked document becomes downloadable when the article is
            # published (docs/media.md); a pasted /documents/ address would not count.
            features=[
                "bold",
                "italic",
                "link",
                "document-link",
                "ol",
                "ul",
                "superscript",
                "subscript",
            ],
            **kwargs,
        )

    class Meta:
        icon = "pilcrow"
        label = "正文段落"
        template = "news/blocks/paragraph.html"
        description = "一段或几段正文,可加粗、倾斜、加链接和列表"
        preview_value = PREVIEW_PARAGRAPH


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="小标题", max_length=120)
    level = blocks.ChoiceBlock(
        label="级别",
        choices=[("h2", "二级标题"), ("h3", "三级标题")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "小标题"
        template = "news/blocks/heading.html"
        description = "把长文章分成几部分的小标题"
        preview_value = {"text": "一、基本情况", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label="图片")
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=250)

    def get_preview_value(self):
        image = first_image()
        return self.to_python(
            {
                "image": {"image": image.pk if image else None, "alt_text": "示例图片"},
                "caption": "图为新落成的社区服务中心。",
            }
        )

    class Meta:
        icon = "image"
        label = "图片"
        template = "news/blocks/image.html"
        description = "一张带说明文字的图片,自动生成适合手机和电脑的尺寸"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文")
    attribution = blocks.CharBlock(label="出处", required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "引文"
        template = "news/blocks/quote.html"
        description = "突出显示的引语,可注明出处"
        preview_value = {
            "text": "把小事办好,群众就会把心放下。",
            "attribution": "一位社区工作者",
        }


class DataTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = "表格"
        template = "news/blocks/table.html"
        description = "一张数据表格,第一行可作为表头"
        preview_value = {
            "first_row_is_table_header": True,
            "data": [["城市", "数量"], ["太原", "12"], ["大同", "8"]],
        }


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="图集标题", required=False, max_length=120)
    images = blocks.ListBlock(ImageBlock(label="图片"), label="图片", min_num=1, max_num=30)

    def get_preview_value(self):
        image = first_image()
        items = [{"image": image.pk, "alt_text": "示例图片"}] * 3 if image else []
        return self.to_python({"title": "图集", "images": items})

    class Meta:
        icon = "image"
        label = "图集"
        template = "news/blocks/gallery.html"
        description = "多张图片组成的图集"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    # An allowed host's player (video/embeds.py): no oEmbed request leaves the server.
    video = VideoEmbedBlock()
    uploaded_video = UploadedVideoBlock()
    table = DataTableBlock()
    gallery = GalleryBlock()

    class Meta:
        block_counts = {}


class CorrectionBlock(blocks.StructBlock):
    date = blocks.DateBlock(label="更正日期")
    text = blocks.TextBlock(label="更正说明", max_length=1000)

    class Meta:
        icon = "warning"
        label = "更正"
        template = "news/blocks/correction.html"
        description = "发布后发现差错时附上的更正说明,读者在标题下方看到"
        preview_value = {
            "date": "2026-11-18",
            "text": "本文原稿中“滨河公园”占地面积有误,已更正为 12 公顷。",
        }


class CorrectionsBlock(blocks.StreamBlock):
    correction = CorrectionBlock()

    class Meta:
        block_counts = {}
