"""The two lists the content check reads: publishing sensitive words and common misspellings.

Separate from the comment filter's list (comments.SensitiveWord): what readers may not
post and what the newsroom may not publish are decided by different people for
different reasons, and a word masked in a comment may well be fine in a news report.
"""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel

from comments.words import normalize_word

from .signals import list_changed


def _known(queryset, field):
    return {normalize_word(value) for value in queryset.values_list(field, flat=True)}


class PublishingWordQuerySet(models.QuerySet):
    def blocking(self):
        return self.filter(level=PublishingWord.Level.BLOCK)

    def add_words(self, words, level):
        """Add pasted words not yet on the list (compared as the check compares them)."""
        known = _known(self, "word")
        new = []
        for word in words:
            if normalize_word(word) not in known:
                known.add(normalize_word(word))
                new.append(self.model(word=word, level=level))
        self.bulk_create(new)
        list_changed.send(sender=self.model)
        return len(new), len(words) - len(new)


class MisspellingQuerySet(models.QuerySet):
    def add_pairs(self, pairs):
        """Add pasted (wrong, correct) pairs whose wrong form is not yet on the list."""
        known = _known(self, "wrong")
        new = []
        for wrong, correct in pairs:
            if normalize_word(wrong) not in known:
                known.add(normalize_word(wrong))
                new.append(self.model(wrong=wrong, correct=correct))
        self.bulk_create(new)
        list_changed.send(sender=self.model)
        return len(new), len(pairs) - len(new)


class PublishingWord(models.Model):
    """A word the newsroom must not publish (必须修改) or should look at again (提醒)."""

    class Level(models.TextChoices):
        BLOCK = "block", "必须修改(阻止终审通过)"
        WARN = "warn", "提醒(不阻止)"

    word = models.CharField(
        "敏感词",
        max_length=60,
        unique=True,
        help_text="不区分大小写和全角半角;字间插入空格或标点也能识别。",
    )
    level = models.CharField(
        "处理方式", max_length=8, choices=Level.choices, default=Level.BLOCK, db_index=True
    )
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PublishingWordQuerySet.as_manager()

    panels = [FieldPanel("word"), FieldPanel("level"), FieldPanel("note")]

    class Meta:
        verbose_name = "发稿敏感词"
        verbose_name_plural = "发稿敏感词"
        ordering = ["level", "word"]

    def __str__(self):
        return self.word

    @property
    def blocking(self):
        return self.level == self.Level.BLOCK

    def clean(self):
        self.word = self.word.strip()
        if not normalize_word(self.word):
            raise ValidationError({"word": "敏感词至少要包含一个文字或数字。"})
        if normalize_word(self.word) in _known(PublishingWord.objects.exclude(pk=self.pk), "word"):
            raise ValidationError({"word": "这个词已在列表中。"})


class Misspelling(models.Model):
    """A common misspelling (易错词) and its correction: flagged in the editor, never blocking."""

    wrong = models.CharField(
        "易错写法",
        max_length=60,
        unique=True,
        help_text="例如“做为”。不区分全角半角,字间的空格和标点会被忽略。",
    )
    correct = models.CharField("正确写法", max_length=60, help_text="例如“作为”。")
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MisspellingQuerySet.as_manager()

    panels = [FieldPanel("wrong"), FieldPanel("correct"), FieldPanel("note")]

    class Meta:
        verbose_name = "易错词"
        verbose_name_plural = "易错词"
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.correct}"

    def clean(self):
        self.wrong = self.wrong.strip()
        self.correct = self.correct.strip()
        if not normalize_word(self.wrong):
            raise ValidationError({"wrong": "易错写法至少要包含一个文字或数字。"})
        if normalize_word(self.wrong) == normalize_word(self.correct):
            raise ValidationError({"correct": "正确写法不能与易错写法相同。"})
        if normalize_word(self.wrong) in _known(Misspelling.objects.exclude(pk=self.pk), "wrong"):
            raise ValidationError({"wrong": "这个词已在列表中。"})
