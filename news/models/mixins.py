"""What the newsroom adds to an article's own fields: the approving editor, corrections."""

from django.db import models

from wagtail.fields import StreamField

from news.blocks import CorrectionsBlock


class NewsroomArticleMixin(models.Model):
    """What the newsroom adds to an article: the approving editor, corrections, phone previews."""

    # Filled from the review workflow (newsroom/review.py), never typed: it names who approved.
    responsible_editor = models.CharField("责任编辑", max_length=60, blank=True, editable=False)
    # A StreamField, not a child model: the article page shows them without another query.
    corrections = StreamField(
        CorrectionsBlock(),
        verbose_name="更正",
        blank=True,
        help_text="文章发布后发现差错时,添加一条带日期的更正说明;读者在标题下方看到。",
    )

    class Meta:
        abstract = True

    # Most readers come from phones: preview at common phone widths first.
    preview_sizes = [
        {
            "name": "mobile",
            "icon": "mobile-alt",
            "device_width": 375,
            "label": "手机预览(375 像素)",
        },
        {
            "name": "android",
            "icon": "mobile-alt",
            "device_width": 360,
            "label": "小屏手机预览(360 像素)",
        },
        {"name": "tablet", "icon": "tablet-alt", "device_width": 768, "label": "平板预览"},
        {"name": "desktop", "icon": "desktop", "device_width": 1280, "label": "电脑预览"},
    ]
    default_preview_size = "mobile"
