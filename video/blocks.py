"""Body blocks for video: an uploaded file played by the browser, or an allowed host's player."""

import copy

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


class VideoWithPosterChooserBlock(VideoChooserBlock):
    """wagtailmedia's video chooser, loading every video of a body with its poster and the
    poster's renditions at once: otherwise each block costs two queries more."""

    def bulk_to_python(self, values):
        objects = self.target_model.objects.for_display().in_bulk(
            [value for value in values if value is not None]
        )
        # A video used twice gets two objects, as Wagtail's own chooser blocks give.
        seen, result = set(), []
        for pk in values:
            video = objects.get(pk)
            result.append(copy.copy(video) if video is not None and pk in seen else video)
            seen.add(pk)
        return result


class UploadedVideoBlock(blocks.StructBlock):
    video = VideoWithPosterChooserBlock(label="视频")
    caption = blocks.CharBlock(label="说明", required=False, max_length=250)

    class Meta:
        icon = "media"
        label = "上传的视频"
        template = "video/blocks/uploaded.html"
        description = "从视频库中选择一段上传的视频,读者在页面上直接播放"
