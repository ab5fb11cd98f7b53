"""Body blocks for video: an uploaded file played by the browser, or an allowed host's player."""

from django import forms
from django.utils.functional import cached_property

from wagtail import blocks

from wagtailmedia.blocks import VideoChooserBlock

from .embeds import embed_or_none, parse_video_url


class VideoAddressBlock(blocks.FieldBlock):
    """A share address of an allowed host (video/embeds.py); stored as the address itself.

    The stored value is the same string Wagtail's EmbedBlock kept, so older articles'
    video blocks load unchanged; one whose host is not allowed shows a plain link.
    """

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field_options = {"required": required, "help_text": help_text}
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        return forms.CharField(
            validators=[parse_video_url],
            widget=forms.URLInput(attrs={"placeholder": "https://www.bilibili.com/video/BV…"}),
            **self.field_options,
        )

    def get_prep_value(self, value):
        return (value or "").strip()

    def to_python(self, value):
        return value or ""

    class Meta:
        icon = "media"


class VideoEmbedBlock(blocks.StructBlock):
    video = VideoAddressBlock(
        label="视频地址",
        help_text="哔哩哔哩、腾讯视频、优酷或央视频的视频播放页地址",
    )
    caption = blocks.CharBlock(label="说明", required=False, max_length=250)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = embed_or_none(value.get("video"))
        return context

    class Meta:
        icon = "media"
        label = "视频平台视频"
        template = "video/blocks/embed.html"
        description = "嵌入哔哩哔哩、腾讯视频、优酷或央视频上的一段视频"
        preview_value = {
            "video": "https://www.bilibili.com/video/BV1xx411c7mD",
            "caption": "视频说明",
        }


class UploadedVideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(label="视频")
    caption = blocks.CharBlock(label="说明", required=False, max_length=250)

    class Meta:
        icon = "media"
        label = "上传的视频"
        template = "video/blocks/uploaded.html"
        description = "从视频库中选择一段上传的视频,读者在页面上直接播放"
