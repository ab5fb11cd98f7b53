"""报告 → 搜索引擎推送: what happened to each address pushed to Baidu and IndexNow.

For holders of `distribution.view_pushrecord`. Each row is one address and engine from one
publish; its result (等待推送, 推送成功, 被拒绝, 推送失败, 未推送) and the engine's answer in
Chinese. Secrets never reach this table: messages are scrubbed when written.
"""

from django.utils.functional import cached_property

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .filters import PushRecordFilterSet
from .models import PushRecord

PERMISSION = "distribution.view_pushrecord"


class PushRecordPaginator(WagtailPaginator):
    verbose_name = verbose_name_plural = "条推送记录"


class UrlColumn(TitleColumn):
    def get_link_url(self, instance, parent_context):
        return instance.url

    def get_link_attrs(self, instance, parent_context):
        return {"target": "_blank", "rel": "noopener noreferrer"}


class PushLogReport(ReportView):
    page_title = "搜索引擎推送"
    header_icon = "globe"
    index_url_name = "distribution_report:log"
    index_results_url_name = "distribution_report:log_results"
    filterset_class = PushRecordFilterSet
    paginator_class = PushRecordPaginator
    default_ordering = "-created_at"
    no_results_message = (
        "还没有推送记录。在 设置 → 搜索引擎推送 中填写百度或 IndexNow 后,新发布的页面会出现在这里。"
    )
    list_export = ["url", "engine", "status", "message", "attempts", "created_at", "sent_at"]
    export_headings = {
        "url": "地址",
        "engine": "搜索引擎",
        "status": "结果",
        "message": "说明",
        "attempts": "尝试次数",
        "created_at": "加入时间",
        "sent_at": "推送时间",
    }
    custom_field_preprocess = {
        "engine": {
            ReportView.FORMAT_CSV: lambda value: PushRecord.Engine(value).label,
            ReportView.FORMAT_XLSX: lambda value: PushRecord.Engine(value).label,
        },
        "status": {
            ReportView.FORMAT_CSV: lambda value: PushRecord.Status(value).label,
            ReportView.FORMAT_XLSX: lambda value: PushRecord.Status(value).label,
        },
    }

    @cached_property
    def columns(self):
        return [
            UrlColumn("url", label="地址", sort_key="url"),
            Column("engine", label="搜索引擎", accessor="get_engine_display", width="10%"),
            Column("status", label="结果", accessor="get_status_display", width="12%"),
            Column("message", label="说明", width="20%"),
            NumberColumn("attempts", label="尝试次数", width="8%"),
            DateColumn("created_at", label="加入时间", sort_key="created_at", width="12%"),
            DateColumn("sent_at", label="推送时间", sort_key="sent_at", width="12%"),
            DateColumn("waiting_until", label="下次尝试", width="12%"),
        ]

    def get_base_queryset(self):
        return PushRecord.objects.all()

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or self.default_ordering, "-pk")

    def get_filename(self):
        return "search-engine-push"
