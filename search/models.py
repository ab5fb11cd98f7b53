from django.db import models


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
