"""View counts, kept outside the page model so no revision can ever overwrite them.

The counted pages are the model `ArticleViewCount.article` points at (news.ArticlePage,
named by label): this app sits below news and never imports it.
"""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


def _increment(queryset, create, by=1):
    """Atomically add `by` to the row `queryset` selects, creating it when missing."""
    if queryset.update(count=F("count") + by):
        return
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        # Another request created the row between our UPDATE and INSERT.
        queryset.update(count=F("count") + by)


LIVE_ARTICLE_KEY = "dayuan:live-article:{}"
LIVE_ARTICLE_SECONDS = 300


def counted_model():
    """The page model whose views are counted."""
    return ArticleViewCount._meta.get_field("article").related_model


def live_article_id(article_number):
    """The id of the live article with this number, cached: every view asks for it."""
    key = LIVE_ARTICLE_KEY.format(article_number)
    article_id = cache.get(key)
    if article_id is None:
        article_id = (
            counted_model()
            .objects.filter(live=True, article_number=article_number)
            .values_list("pk", flat=True)
            .first()
        )
        if article_id is not None:
            cache.set(key, article_id, LIVE_ARTICLE_SECONDS)
    return article_id


def forget_live_article(article_number):
    cache.delete(LIVE_ARTICLE_KEY.format(article_number))


class ArticleViewCount(models.Model):
    article = models.OneToOneField(
        "news.ArticlePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="view_count_record",
        verbose_name="文章",
    )
    count = models.PositiveBigIntegerField("阅读数", default=0)

    class Meta:
        verbose_name = "阅读数"
        verbose_name_plural = "阅读数"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_articleviewcount"
        indexes = [models.Index(fields=["-count"], name="news_views_count_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.count}"

    @classmethod
    def record_view(cls, article_id, on=None):
        """Count one view of an article, in the total and in that day's count."""
        day = on or timezone.localdate()
        with transaction.atomic():  # one commit for both counters
            cls._record(article_id, day)

    @classmethod
    def _record(cls, article_id, day, views=1):
        _increment(
            cls.objects.filter(article_id=article_id),
            lambda: cls.objects.create(article_id=article_id, count=views),
            by=views,
        )
        _increment(
            DailyArticleViews.objects.filter(article_id=article_id, date=day),
            lambda: DailyArticleViews.objects.create(article_id=article_id, date=day, count=views),
            by=views,
        )

    @classmethod
    def add_views(cls, views):
        """Add buffered views, {(article_id, day): n}, and return the new totals by article.

        Call inside a transaction. Views of articles deleted since they were counted are dropped.
        """
        article_ids = {article_id for article_id, _day in views}
        existing = set(
            counted_model().objects.filter(pk__in=article_ids).values_list("pk", flat=True)
        )
        for (article_id, day), count in sorted(views.items()):  # a fixed order: no deadlocks
            if article_id in existing and count > 0:
                cls._record(article_id, day, count)
        return cls.totals(existing)

    @classmethod
    def totals(cls, article_ids):
        """{article_id: stored total} for those of `article_ids` that have one."""
        return dict(
            cls.objects.filter(article_id__in=article_ids).values_list("article_id", "count")
        )

    @classmethod
    def count_for(cls, article_id):
        return (
            cls.objects.filter(article_id=article_id).values_list("count", flat=True).first() or 0
        )


class DailyArticleViews(models.Model):
    article = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="daily_views",
        verbose_name="文章",
    )
    date = models.DateField("日期")
    count = models.PositiveIntegerField("阅读数", default=0)

    class Meta:
        verbose_name = "每日阅读数"
        verbose_name_plural = "每日阅读数"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_dailyarticleviews"
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="news_daily_views_unique")
        ]
        indexes = [models.Index(fields=["date", "-count"], name="news_daily_views_rank_idx")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.count}"

    @classmethod
    def rank_articles(cls, articles, days, limit=10):
        """`articles` ordered by views over the last `days` days (today counts as one)."""
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        return (
            articles.filter(daily_views__date__gte=since)
            .annotate(recent_views=models.Sum("daily_views__count"))
            .order_by("-recent_views", "-publish_time")[:limit]
        )

    @classmethod
    def most_read_since(cls, days):
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        return (
            cls.objects.filter(date__gte=since)
            .values("article_id")
            .annotate(total=models.Sum("count"))
            .order_by("-total")
        )


class ViewCountFlush(models.Model):
    """The last batch of buffered views written to the database: one row.

    A flush records its batch here in the transaction that adds the views, so a batch whose
    flusher died after committing is recognised and never added twice.
    """

    last_batch = models.CharField(max_length=36, blank=True)
    flushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "阅读数写入记录"
        verbose_name_plural = "阅读数写入记录"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_viewcountflush"

    def __str__(self):
        return f"{self.last_batch} @ {self.flushed_at}"

    @classmethod
    def claim(cls, batch):
        """Lock the marker row; False if `batch` was already written."""
        marker, _created = cls.objects.select_for_update().get_or_create(pk=1)
        if marker.last_batch == batch:
            return False
        marker.last_batch = batch
        marker.flushed_at = timezone.now()
        marker.save(update_fields=["last_batch", "flushed_at"])
        return True
