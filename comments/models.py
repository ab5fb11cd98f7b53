"""Reader comments, the sensitive-word lists and the site's comment switches.

The word matcher itself (words.py) is pure; the lists editors keep are read here.
"""

import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from pagecache.settings_cache import CachedSiteSettingMixin

from .words import WordFilter, normalize_word


class CommentQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: approved comments, and post-moderated ones until reviewed."""
        return self.filter(status__in=Comment.PUBLIC_STATUSES)

    def awaiting_review(self):
        return self.filter(status__in=Comment.UNREVIEWED_STATUSES)

    def for_article(self, article):
        return self.filter(article=article)

    def newest(self):
        # Newest first everywhere, so a just-approved comment is at the top of the article.
        return self.order_by("-created_at", "-pk")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        # Post-moderation: shown at once, still in the editors' queue until reviewed.
        PUBLISHED = "published", "已显示(先发后审,待复审)"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.APPROVED)
    UNREVIEWED_STATUSES = (Status.PENDING, Status.PUBLISHED)

    article = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name="文章",
    )
    nickname = models.CharField("昵称", max_length=30, blank=True)
    text = models.TextField("评论内容", help_text="读者看到的文字(替换词已遮盖)。")
    submitted_text = models.TextField(
        "原始内容", help_text="读者提交的原文,仅供审核与存档,不公开显示。"
    )
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    flagged_words = models.CharField(
        "命中敏感词", max_length=500, blank=True, help_text="提交时命中的替换词,以“、”分隔。"
    )
    # HMAC of the reader's address (comments/clients.py): enough to see that
    # comments came from one address, never the address itself.
    client_hash = models.CharField("来源标识", max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    moderated_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_text = models.TextField(
        "编辑回复", blank=True, max_length=1000, help_text="显示在评论下方,标明为编辑回复。"
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True, editable=False)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "评论"
        verbose_name_plural = "评论"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_comment"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "-created_at"], name="news_comment_list_idx"),
        ]

    def __str__(self):
        excerpt = self.text if len(self.text) <= 30 else f"{self.text[:30]}…"
        return f"{self.display_nickname}:{excerpt}"

    @property
    def display_nickname(self):
        return self.nickname or "匿名网友"

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_flagged(self):
        return bool(self.flagged_words)


_filter_lock = threading.Lock()
_filter_cache = {"version": None, "filter": None}


class SensitiveWord(models.Model):
    """One entry of the editors' two lists: words that block a comment, words that are masked."""

    class Action(models.TextChoices):
        BLOCK = "block", "禁止发布"
        MASK = "mask", "以 * 遮盖"

    word = models.CharField(
        "敏感词",
        max_length=60,
        unique=True,
        help_text="不区分大小写和全角半角;读者在字间插入空格或标点也能识别。",
    )
    action = models.CharField(
        "处理方式", max_length=8, choices=Action.choices, default=Action.BLOCK, db_index=True
    )
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("action"), FieldPanel("note")]

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_sensitiveword"
        ordering = ["action", "word"]

    def __str__(self):
        return self.word

    @classmethod
    def current_filter(cls):
        """The filter for the editors' current lists, rebuilt only when a list changed."""
        words = cls.objects.all()
        version = tuple(words.aggregate(count=Count("pk"), changed=Max("updated_at")).values())
        with _filter_lock:
            if _filter_cache["version"] != version:
                _filter_cache["filter"] = WordFilter(words.values_list("word", "action"))
                _filter_cache["version"] = version
            return _filter_cache["filter"]

    def clean(self):
        self.word = self.word.strip()
        normalized = normalize_word(self.word)
        if not normalized:
            raise ValidationError({"word": "敏感词至少要包含一个文字或数字。"})
        clash = SensitiveWord.objects.exclude(pk=self.pk).filter(Q(word__iexact=self.word)).exists()
        if clash:
            raise ValidationError({"word": "这个词已在列表中。"})


@register_setting(icon="comment")
class CommentSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """Site-wide comment switches, kept here so comments never need home's settings."""

    class Moderation(models.TextChoices):
        PRE = "pre", "先审后发:评论经编辑审核通过后才显示(默认)"
        POST = "post", "先发后审:未命中敏感词的评论立即显示,编辑事后复审"

    comments_open = models.BooleanField(
        "开放评论", default=True, help_text="关闭后全站文章都不能发表新评论,已通过的评论仍然显示。"
    )
    moderation = models.CharField(
        "审核方式", max_length=8, choices=Moderation.choices, default=Moderation.PRE
    )

    panels = [FieldPanel("comments_open"), FieldPanel("moderation")]

    class Meta:
        verbose_name = "评论设置"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_commentsettings"
