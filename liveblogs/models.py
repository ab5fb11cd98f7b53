"""图文直播: a live page that went through review once, and the entries added to it since.

A LiveBlogPage is an article (same numbers, addresses, comments, search); its entries are
not part of the page's revisions, so an editor who may edit the page adds one without a
new round of review. Whether the coverage has ended (`closed_at`) is kept out of the
revisions too: republishing an old draft must not reopen a closed live blog.
"""

import datetime

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.search import index

from news.models import ArticlePage
from pagecache.content import cached_for_readers
from video.embeds import embed_or_none

ENTRY_TEXT_FEATURES = ["bold", "italic", "link"]


class LiveBlogPage(ArticlePage):
    """A live blog (图文直播) at its article address; readers see new entries without reloading."""

    coverage_start = models.DateTimeField(
        "直播开始时间", default=timezone.now, help_text="北京时间;搜索引擎据此知道直播何时开始。"
    )
    closed_at = models.DateTimeField("直播结束时间", null=True, blank=True, editable=False)

    # Read by distribution (it never imports this app): push the address on publish.
    push_to_search_engines = True

    content_panels = [*ArticlePage.content_panels]
    content_panels.insert(
        [getattr(panel, "field_name", None) for panel in content_panels].index("publish_time") + 1,
        FieldPanel("coverage_start"),
    )
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(ArticlePage.promotion_panels, heading="推广"),
            ObjectList(ArticlePage.settings_panels, heading="设置"),
        ]
    )

    # Entries are found too: the page is reindexed whenever one changes (entries.py).
    search_fields = [
        *ArticlePage.search_fields,
        index.RelatedFields("entries", [index.SearchField("headline"), index.SearchField("text")]),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "liveblogs/live_blog_page.html"

    class Meta:
        verbose_name = "图文直播"
        verbose_name_plural = "图文直播"

    @property
    def is_closed(self):
        return self.closed_at is not None

    def with_content_json(self, content):
        # The live/closed state is set from the entries screen, not by publishing.
        obj = super().with_content_json(content)
        obj.closed_at = self.closed_at
        return obj

    @property
    def entries_json_url(self):
        return reverse("liveblogs:entries", args=[self.article_number])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries = context["live_entries"] = entry_payloads(self, request)
        # What the kept head (JSON-LD) varies on besides content: any entry added, changed
        # or removed changes the count or the newest change.
        newest_change = max((entry["updated"] for entry in entries), default=0)
        context["live_entries_stamp"] = f"{len(entries)}-{newest_change}"
        context["poll_seconds"] = settings.DAYUAN_LIVE_POLL_SECONDS
        return context


class LiveBlogEntryQuerySet(models.QuerySet):
    def of_blog(self, blog):
        return self.filter(blog=blog)

    def newest(self):
        return self.order_by("-posted_at", "-pk")

    def for_display(self):
        """Entries with their pictures and renditions, in a constant number of queries."""
        renditions = get_image_model().get_rendition_model().objects.all()
        return self.select_related("image").prefetch_related(
            models.Prefetch(
                "image__renditions", queryset=renditions, to_attr="prefetched_renditions"
            )
        )


class LiveBlogEntry(models.Model):
    """One timestamped update on a live blog: text, and optionally a picture or a video."""

    blog = models.ForeignKey(
        LiveBlogPage, on_delete=models.CASCADE, related_name="entries", verbose_name="图文直播"
    )
    posted_at = models.DateTimeField(
        "时间", default=timezone.now, help_text="读者看到的时间(北京时间),默认是现在。"
    )
    headline = models.CharField("小标题", max_length=100, blank=True)
    text = RichTextField("内容", features=ENTRY_TEXT_FEATURES, max_length=5000)
    image = models.ForeignKey(
        get_image_model(),
        verbose_name="图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_caption = models.CharField(
        "图片说明", max_length=200, blank=True, help_text="也是读屏软件读出的图片描述。"
    )
    # Shown as the host's own player, from the video app's allowlist (video/embeds.py).
    video_url = models.URLField(
        "视频地址",
        blank=True,
        max_length=500,
        help_text="哔哩哔哩、腾讯视频、优酷或央视频的视频播放页地址,读者在条目中直接观看。",
    )

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = LiveBlogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "直播条目"
        verbose_name_plural = "直播条目"
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["blog", "-posted_at"], name="liveblogs_entry_blog_idx")]

    def __str__(self):
        moment = timezone.localtime(self.posted_at).strftime("%Y-%m-%d %H:%M")
        return f"{moment} {self.headline}".strip()

    def save(self, *args, **kwargs):
        self.text = clean_entry_text(self.text)
        super().save(*args, **kwargs)

    @property
    def video_embed(self):
        return embed_or_none(self.video_url) if self.video_url else None


def clean_entry_text(html):
    """Entry HTML as the editor's features allow it, however the entry was written.

    The admin's editor already gives clean HTML; an import or a shell does not, and entries
    are shown without review. The round trip through the editor's format keeps page links.
    """
    # Imported here: the converter module loads Page, which a models module cannot yet.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    converter = EditorHTMLConverter(features=ENTRY_TEXT_FEATURES)
    return converter.to_database_format(converter.from_database_format(html or ""))


def timestamp_ms(moment):
    """A moment as whole milliseconds since 1970: what `since=` takes."""
    return int(moment.timestamp() * 1000)


def from_timestamp_ms(value):
    return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)


# Readers are shown rendered entries ("payloads": id, times, HTML), built once per change
# and kept under the blog's own token (replaced by entries.forget_entries): the live page,
# its head and every poll read the same kept list, so a poll that misses the page cache
# costs no query once the list is built.


def entries_version_key(blog_id):
    return f"dayuan:live-version:{blog_id}"


def render_entry(entry):
    return render_to_string("liveblogs/includes/entry.html", {"entry": entry})


def build_payloads(blog):
    """Every entry of the blog, newest first, rendered for readers."""
    return [
        {
            "id": entry.pk,
            "posted_at": timezone.localtime(entry.posted_at),
            "updated": timestamp_ms(entry.updated_at),
            "headline": entry.headline,
            "text": entry.text,
            "html": render_entry(entry),
        }
        for entry in LiveBlogEntry.objects.of_blog(blog).for_display().newest()
    ]


def entry_payloads(blog, request=None):
    """The kept payloads of the blog (a preview builds them afresh)."""
    return cached_for_readers(
        request,
        f"live-entries:{blog.pk}",
        lambda: build_payloads(blog),
        version_key=entries_version_key(blog.pk),
    )
