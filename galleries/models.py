"""图集: a photo story, an article whose pictures are the story.

GalleryPage is a multi-table subclass of news.ArticlePage, so it shares the article
number sequence and the `/<section path>/<number>.html` address, the view counter,
comments, tags, region, listings, feeds and search. Each photo also has an address of
its own in DedeCMS's multi-page form, `/<section path>/<number>_<k>.html` (k from 2;
photo 1 is the gallery's own address), so one photo can be shared and is served
complete without JavaScript.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Orderable, Page
from wagtail.search import index

from news.models import ArticlePage
from news.panels import ReviewStatusPanel, TagSuggestionsPanel
from pagecache.content import cached_for_readers

from .forms import MAX_GALLERY_IMAGES, GalleryPageForm

# What one photo is shown at: full column width on a phone, 760 px on a desktop column.
PHOTO_RENDITIONS = tuple(
    f"format-{image_format}|width-{width}"
    for image_format in ("webp", "jpeg")
    for width in (480, 960, 1440)
)
THUMBNAIL_RENDITIONS = ("format-webp|fill-160x120", "format-jpeg|fill-160x120")
SHARE_RENDITION = "fill-1200x675|format-jpeg"


class GalleryPage(ArticlePage):
    """图集: an ordered set of photos with captions and credits, at an article's address."""

    # Galleries are pushed to search engines like the articles they derive from
    # (distribution reads this attribute; it never imports this app).
    push_to_search_engines = True
    # The number route hands `part` (the photo number of `<number>_<k>.html`) only to
    # page types that say they serve one.
    serves_numbered_parts = True
    base_form_class = GalleryPageForm

    content_panels = [
        ReviewStatusPanel(),
        *Page.content_panels,
        FieldPanel("short_title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("editor_name"), FieldPanel("source")], heading="作者与来源"),
        FieldPanel("publish_time"),
        InlinePanel(
            "gallery_images",
            heading="图片",
            label="图片",
            min_num=1,
            max_num=MAX_GALLERY_IMAGES,
            help_text=f"按顺序排列,最多 {MAX_GALLERY_IMAGES} 张;每张可写说明和摄影者。",
        ),
        FieldPanel("featured_image", help_text="列表和分享时使用;留空时用第一张图片。"),
        FieldPanel("body", heading="正文(可选)"),
        FieldPanel("tags"),
        TagSuggestionsPanel(),
        FieldPanel("corrections"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(ArticlePage.promotion_panels, heading="推广"),
            ObjectList(ArticlePage.settings_panels, heading="设置"),
        ]
    )

    search_fields = [
        *ArticlePage.search_fields,
        index.RelatedFields(
            "gallery_images",
            [index.SearchField("caption"), index.SearchField("credit")],
        ),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "galleries/gallery_page.html"

    class Meta:
        verbose_name = "图集"
        verbose_name_plural = "图集"

    # Photos ---------------------------------------------------------------

    def photos(self):
        """The photos in order, each image holding every rendition the page shows.

        Two queries, and the renditions a render would create are created here: a kept
        list is trusted as it was stored, so a rendition missing from it would be made
        again on every render.
        """
        renditions = get_image_model().get_rendition_model().objects.all()
        photos = list(
            self.gallery_images.select_related("image").prefetch_related(
                models.Prefetch(
                    "image__renditions", queryset=renditions, to_attr="prefetched_renditions"
                )
            )
        )
        for photo in photos:
            # A lost original: the template shows the caption without the picture.
            with contextlib.suppress(SourceImageIOError):
                photo.image.get_renditions(
                    *PHOTO_RENDITIONS, *THUMBNAIL_RENDITIONS, SHARE_RENDITION
                )
        return photos

    def kept_photos(self, request):
        """`photos()`, kept until content changes (a preview shows the draft's own)."""
        if getattr(request, "is_preview", False):
            return list(self.gallery_images.all())  # the draft's own, not yet saved
        # Remembered on the request, never on the page: a routed page may be a kept object.
        photos = getattr(request, "gallery_photos", None)
        if photos is None:
            photos = cached_for_readers(request, f"gallery-photos:{self.pk}", self.photos)
            request.gallery_photos = photos
        return photos

    def photo_url(self, number, request=None):
        """The address of photo `number` (1-based): photo 1 is the gallery's own."""
        url = self.get_url(request)
        if number == 1 or url is None:
            return url
        return f"{url.removesuffix('.html')}_{number}.html"

    def photo_paths(self, count):
        """The site-relative addresses of photos 2..count, for purging."""
        parts = self.get_url_parts()
        if not parts or parts[2] is None:
            return []
        stem = parts[2].removesuffix(".html")
        return [f"{stem}_{number}.html" for number in range(2, count + 1)]

    def save(self, *args, **kwargs):
        if self.featured_image_id is None:
            # Cards, the slideshow and og:image use the featured image: the first photo.
            first = next(iter(self.gallery_images.all()), None)
            if first is not None and first.image_id:
                self.featured_image_id = first.image_id
        super().save(*args, **kwargs)

    # Serving --------------------------------------------------------------

    def serve(self, request, *args, part=None, redirect_to_canonical=False, **kwargs):
        if part is not None:
            if part == 1:
                # One address per photo: the first is the gallery's own.
                return HttpResponsePermanentRedirect(self.get_url(request))
            if part > len(self.kept_photos(request)):
                raise Http404
            if redirect_to_canonical:
                return HttpResponsePermanentRedirect(self.photo_url(part, request))
        request.gallery_photo_number = part or 1
        return super().serve(request, *args, redirect_to_canonical=redirect_to_canonical, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        photos = self.kept_photos(request)
        number = getattr(request, "gallery_photo_number", 1)
        number = number if 1 <= number <= len(photos) else 1
        context["photos"] = photos
        context["photo_number"] = number
        context["current_photo"] = photos[number - 1] if photos else None
        context["previous_photo_url"] = self.photo_url(number - 1, request) if number > 1 else None
        context["next_photo_url"] = (
            self.photo_url(number + 1, request) if number < len(photos) else None
        )
        return context


class GalleryImage(Orderable):
    """One photo of a gallery: the picture, what it shows, who took it."""

    page = ParentalKey(GalleryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        get_image_model(), verbose_name="图片", on_delete=models.CASCADE, related_name="+"
    )
    caption = models.TextField("图片说明", blank=True, max_length=500)
    credit = models.CharField("摄影", blank=True, max_length=60)
    alt_text = models.CharField(
        "替代文字",
        blank=True,
        max_length=200,
        help_text="读屏软件朗读的图片内容;留空时使用图片说明。",
    )

    panels = [
        FieldPanel("image"),
        FieldPanel("caption"),
        FieldRowPanel([FieldPanel("credit"), FieldPanel("alt_text")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "图集图片"
        verbose_name_plural = "图集图片"

    def __str__(self):
        return self.caption[:30] or self.image.title

    def clean(self):
        super().clean()
        if "\x00" in self.caption + self.credit + self.alt_text:
            raise ValidationError("图片说明里有无法保存的字符。")

    @property
    def alt(self):
        return self.alt_text or self.caption[:200] or self.image.title

    def share_rendition(self):
        """og:image for this photo, or None when the original is lost."""
        try:
            return self.image.get_renditions(SHARE_RENDITION)[SHARE_RENDITION]
        except SourceImageIOError:
            return None
