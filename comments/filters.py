"""Filters of the moderation queue and the word lists."""

from django import forms

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from .models import Comment, SensitiveWord

UNREVIEWED = "unreviewed"


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[(UNREVIEWED, "待处理(待审核和先发后审)"), *Comment.Status.choices],
        method="filter_status",
        empty_label="全部",
    )
    flagged = django_filters.BooleanFilter(
        label="命中敏感词", method="filter_flagged", widget=forms.NullBooleanSelect
    )
    article_number = django_filters.NumberFilter(
        label="文章编号", field_name="article__article_number"
    )

    class Meta:
        model = Comment
        fields = []

    def filter_status(self, queryset, name, value):
        if value == UNREVIEWED:
            return queryset.awaiting_review()
        return queryset.filter(status=value)

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(flagged_words="") if value else queryset.filter(flagged_words="")


class SensitiveWordFilterSet(WagtailFilterSet):
    class Meta:
        model = SensitiveWord
        fields = ["action"]
