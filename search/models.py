"""The search app's models: the editors' synonyms (搜索同义词), the searches that found
nothing, per query and day, for the 无结果的搜索 report, and the suggestions (搜索建议).

Wagtail's search promotions count every search (`QueryDailyHits`) but not whether it found
anything; this is the one fact they lack, stored the same way: a row per query and day with a
counter, so a busy miss costs one UPDATE and the table grows with distinct queries, not with
searches. Rows go with their query (CASCADE) and with age (`clean_search_stats`).
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.search_promotions.models import Query

from search import synonyms

SYNONYMS_CACHE_KEY = "search:synonyms"
# Saving or deleting a rule clears the cached rules at once (search/signal_handlers.py); the
# timeout only bounds a change made behind the ORM's back (SQL by hand, a restored backup).
SYNONYMS_CACHE_SECONDS = 3600


class SearchSynonym(models.Model):
    """One rule of the editors' search synonyms (搜索同义词); see `search.synonyms`."""

    class Kind(models.TextChoices):
        EQUIVALENT = synonyms.EQUIVALENT, "同义词组(搜索任何一个词,都能找到其他词)"
        ONE_WAY = synonyms.ONE_WAY, "单向扩展(搜索“词语”时,也查找“扩展为”里的词)"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.EQUIVALENT)
    terms = models.TextField(
        "词语",
        help_text=(
            "每行一个,或用逗号、顿号分隔,例如:新冠,新型冠状病毒,新冠肺炎。"
            "繁体与简体、全角与半角、大小写视为相同。"
        ),
    )
    expansions = models.TextField(
        "扩展为",
        blank=True,
        help_text="只用于单向扩展,例如词语填“太原”、扩展为填“并州”:搜索太原也能找到并州,反过来不会。",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("kind"), FieldPanel("terms"), FieldPanel("expansions"), FieldPanel("note")]

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        ordering = ["pk"]

    def __str__(self):
        terms = synonyms.split_terms(self.terms)
        if self.kind == self.Kind.ONE_WAY:
            return f"{'、'.join(terms)} → {'、'.join(synonyms.split_terms(self.expansions))}"
        return " ↔ ".join(terms)

    def clean(self):
        super().clean()
        if not self.terms.strip():
            return  # the field's own "required" message says it
        errors = synonyms.validate_rule(self.kind, self.terms, self.expansions)
        if errors:
            raise ValidationError(
                {field or "__all__": messages for field, messages in errors.items()}
            )

    @classmethod
    def current(cls):
        """{query word's tokens: synonyms} for the rules as they are now, from the cache.

        A search reads them on every request; the database only after a rule changed.
        """
        compiled = cache.get(SYNONYMS_CACHE_KEY)
        if compiled is None:
            compiled = synonyms.compile_rules(
                cls.objects.order_by("pk").values_list("kind", "terms", "expansions")
            )
            cache.set(SYNONYMS_CACHE_KEY, compiled, SYNONYMS_CACHE_SECONDS)
        return compiled

    @classmethod
    def forget_current(cls):
        cache.delete(SYNONYMS_CACHE_KEY)


class SearchMiss(models.Model):
    query = models.ForeignKey(
        Query,
        on_delete=models.CASCADE,
        related_name="search_misses",
        verbose_name="搜索词",
        db_index=False,  # the unique (query, date) constraint leads with it
    )
    date = models.DateField("日期")
    misses = models.PositiveIntegerField("无结果次数", default=0)

    class Meta:
        verbose_name = "无结果的搜索"
        verbose_name_plural = "无结果的搜索"
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="search_miss_query_date")
        ]
        # The report's date range comes first; cleaning old days uses it too.
        indexes = [models.Index(fields=["date", "query"], name="search_miss_date_query")]
        default_permissions = ()
        permissions = [("view_search_analytics", "可以查看搜索统计")]

    def __str__(self):
        return f"{self.query} {self.date}: {self.misses}"


class Suggestion(models.Model):
    """A title or tag offered under the search box while a reader types (搜索建议).

    One row per live, public page and per tag, kept current by search/signal_handlers.py and
    rebuilt by `manage.py rebuild_suggestions`; its keys are `SuggestionKey` rows.
    """

    TITLE = "title"
    TAG = "tag"
    KINDS = [(TITLE, "标题"), (TAG, "标签")]

    kind = models.CharField("类型", max_length=5, choices=KINDS)
    text = models.CharField("文字", max_length=255)
    url = models.TextField("地址")
    # Higher first: for titles articles above other pages, then the newer first; for tags the
    # shorter first (see search/suggestions.py).
    rank = models.BigIntegerField("排序")
    # Indexed by the unique constraints below.
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    tag = models.ForeignKey(
        "taggit.Tag",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = "搜索建议"
        verbose_name_plural = "搜索建议"
        constraints = [
            models.UniqueConstraint(fields=["page"], name="search_suggestion_unique_page"),
            models.UniqueConstraint(fields=["tag"], name="search_suggestion_unique_tag"),
        ]

    def __str__(self):
        return self.text


class SuggestionKey(models.Model):
    """One string a suggestion is found by when a reader types its start (search/pinyin.py).

    The key is stored as UTF-8 bytes: bytes compare the same way on every database, so
    ``key >= q AND key < q + b"\\xff"`` (0xff never occurs in UTF-8) is exactly "starts with q"
    and a range scan of the index. Text would compare by the column's collation, which on
    PostgreSQL (en_US.UTF-8…) is not the order of the characters; LIKE 'q%' uses no index on
    SQLite. `kind` and `rank` are copied from the suggestion so that an index alone answers
    which suggestions come first: the key index for a prefix that few keys start with, the
    newest-first one for a prefix that thousands do (search/suggestions.py).
    """

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=5, choices=Suggestion.KINDS)
    key = models.BinaryField()
    rank = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "key", "rank", "suggestion"], name="search_suggestion_key_idx"
            ),
            models.Index(
                fields=["kind", "rank", "suggestion", "key"], name="search_suggestion_rank_idx"
            ),
        ]

    def __str__(self):
        return bytes(self.key).decode(errors="replace")
