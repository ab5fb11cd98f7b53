"""Filters of 报告 → 搜索引擎推送: by result, by engine, by address."""

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from .models import PushRecord


class PushRecordFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="结果", choices=PushRecord.Status.choices, empty_label="全部"
    )
    engine = django_filters.ChoiceFilter(
        label="搜索引擎", choices=PushRecord.Engine.choices, empty_label="全部"
    )
    url = django_filters.CharFilter(label="地址包含", lookup_expr="icontains", max_length=200)

    class Meta:
        model = PushRecord
        fields = []
