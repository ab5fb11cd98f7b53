"""Uploaded video: wagtailmedia's media model with a poster from the image library.

wagtailmedia (0.19, Wagtail 7 and 8) brings the collection-aware library, chooser,
usage page and permissions; this model adds what a news page needs on top: a poster
that is a Wagtail image (renditions, focal point, the watermark) instead of a bare
thumbnail file, and files stored under `videos/` with names nobody can guess, the
same privacy as images (docs/video.md).
"""

from django.db import models

from wagtail.images import get_image_model

from wagtailmedia.models import AbstractMedia, MediaQuerySet

POSTER_RENDITION = "fill-960x540|format-jpeg"


class VideoQuerySet(MediaQuerySet):
    def for_display(self):
        """Videos with their posters and the posters' renditions, in two queries."""
        renditions = get_image_model().get_rendition_model().objects.all()
        return self.select_related("poster").prefetch_related(
            # The attribute Wagtail's get_rendition() looks in before it queries.
            models.Prefetch(
                "poster__renditions", queryset=renditions, to_attr="prefetched_renditions"
            )
        )


class Video(AbstractMedia):
    file = models.FileField("视频文件", upload_to="videos")
    thumbnail = models.FileField("缩略图文件", upload_to="videos/thumbnails", blank=True)
    poster = models.ForeignKey(
        get_image_model(),
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="播放前显示的图片,也用于分享和搜索引擎。",
    )
    description = models.TextField(
        "视频简介", blank=True, max_length=500, help_text="搜索引擎显示的视频说明。"
    )

    objects = VideoQuerySet.as_manager()

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "poster",
        "description",
        "duration",
        "width",
        "height",
        "tags",
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = "视频"
        verbose_name_plural = "视频"

    @property
    def mime_type(self):
        return "video/webm" if self.file_extension.lower() == "webm" else "video/mp4"

    def poster_rendition(self):
        """The poster's rendition, or None; from prefetched renditions when there are."""
        if not self.poster_id:
            return None
        try:
            return self.poster.get_rendition(POSTER_RENDITION)
        except Exception:  # noqa: BLE001 - a lost original must not take the page down
            return None
