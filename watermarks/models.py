"""The site's watermark (设置 → 水印) and the images that go without it.

One setting for the whole installation (BaseGenericSetting), not one per site: a
rendition belongs to an image, and an image is shared by every site that shows it.
Every save of the setting takes a new `version`; the version is part of the rendition's
filter spec (`watermark-<version>`, watermarks/specs.py), so a rendition made under the
old setting is never served again: the pages ask for a new one.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.images import get_image_model

from pagecache.purge import purge_everything

from .setting_form import WatermarkSettingsForm


class Position(models.TextChoices):
    BOTTOM_RIGHT = "bottom-right", "右下角"
    BOTTOM_LEFT = "bottom-left", "左下角"
    TOP_RIGHT = "top-right", "右上角"
    TOP_LEFT = "top-left", "左上角"
    CENTER = "center", "正中"


@register_setting(icon="image", name="watermark")
class WatermarkSettings(BaseGenericSetting):
    enabled = models.BooleanField(
        "启用水印", default=False, help_text="启用后,前台页面上的图片都加上水印;原图不变。"
    )
    logo = models.ForeignKey(
        get_image_model(),
        verbose_name="水印图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="最好是背景透明的 PNG 标志。",
    )
    position = models.CharField(
        "位置", max_length=20, choices=Position.choices, default=Position.BOTTOM_RIGHT
    )
    opacity = models.PositiveSmallIntegerField(
        "不透明度(%)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
        help_text="5 到 100;100 表示完全不透明。",
    )
    relative_width = models.PositiveSmallIntegerField(
        "水印宽度(占图片宽度的 %)",
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(50)],
    )
    min_width = models.PositiveIntegerField(
        "最小图片宽度(像素)",
        default=400,
        validators=[MaxValueValidator(10000)],
        help_text="比这更窄或更矮的图片(如列表缩略图)不加水印。",
    )
    min_height = models.PositiveIntegerField(
        "最小图片高度(像素)", default=250, validators=[MaxValueValidator(10000)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    base_form_class = WatermarkSettingsForm

    panels = [
        FieldPanel("enabled"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("position"),
                FieldRowPanel([FieldPanel("opacity"), FieldPanel("relative_width")]),
                FieldRowPanel([FieldPanel("min_width"), FieldPanel("min_height")]),
            ],
            heading="外观",
        ),
    ]

    class Meta:
        verbose_name = "水印"
        verbose_name_plural = "水印"

    @property
    def is_active(self):
        return self.enabled and self.logo_id is not None

    def save(self, *args, **kwargs):
        if self.pk:
            self.version = F("version") + 1
        super().save(*args, **kwargs)
        if self.pk:
            self.refresh_from_db(fields=["version"])
        # Every page shows new renditions now: forget the cached pages and listings.
        transaction.on_commit(purge_everything)


class ImageWatermarkExemption(models.Model):
    """An image shown without the watermark: a side table, the image model stays Wagtail's."""

    image = models.OneToOneField(
        get_image_model(),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="watermark_exemption",
        verbose_name="图片",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "不加水印的图片"
        verbose_name_plural = "不加水印的图片"

    def __str__(self):
        return f"不加水印:{self.image_id}"
