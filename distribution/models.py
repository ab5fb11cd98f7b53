"""What to push where: the site's push settings and one record per address and engine.

A `PushRecord` is both the queue and the log. The publish signal adds a pending record per
configured engine; the worker sends pending records in batches and writes the result on the
same row, so 报告 → 搜索引擎推送 shows an editor exactly what happened to an address.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from pagecache.settings_cache import CachedSiteSettingMixin

from .forms import PushSettingsForm

INDEXNOW_DEFAULT_ENDPOINT = "https://api.indexnow.org/indexnow"
# Baidu's 普通收录 quota is set per site by Baidu (from 10 a day for a new site to tens of
# thousands); this cap only catches a typing slip such as an extra row of zeros.
MAX_DAILY_QUOTA = 100_000

# Printable ASCII without spaces: a newline in the token would split the request line.
baidu_token_validator = RegexValidator(
    r"\A[A-Za-z0-9]{8,64}\Z", "百度推送 token 只能由 8 到 64 位英文字母和数字组成。"
)
# The IndexNow protocol: 8 to 128 characters of a-z, A-Z, 0-9 and "-".
indexnow_key_validator = RegexValidator(
    r"\A[A-Za-z0-9-]{8,128}\Z", "IndexNow 密钥只能由 8 到 128 位英文字母、数字和“-”组成。"
)
baidu_site_validator = RegexValidator(
    r"\A(https?://)?[A-Za-z0-9.-]+(:[0-9]{1,5})?\Z",
    "请填写在百度搜索资源平台验证过的站点,例如 https://www.example.cn 或 www.example.cn。",
)


def validate_http_endpoint(value):
    if not re.match(r"\Ahttps?://[^\s/?#]+[^\s]*\Z", value):
        raise ValidationError("推送地址必须以 http:// 或 https:// 开头,且不能包含空格或换行。")


@register_setting(icon="globe")
class PushSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """Where newly published addresses are pushed. Empty fields push nothing."""

    baidu_site = models.CharField(
        "百度站点",
        max_length=200,
        blank=True,
        validators=[baidu_site_validator],
        help_text="百度搜索资源平台里验证过的站点,例如 https://www.example.cn。留空则不推送到百度。",
    )
    baidu_token = models.CharField(
        "百度推送 token",
        max_length=64,
        blank=True,
        validators=[baidu_token_validator],
        help_text="百度搜索资源平台 → 普通收录 → API 提交 里的 token。",
    )
    indexnow_key = models.CharField(
        "IndexNow 密钥",
        max_length=128,
        blank=True,
        validators=[indexnow_key_validator],
        help_text=(
            "8 到 128 位英文字母、数字或“-”。本站在 /<密钥>.txt 提供密钥文件;"
            "留空则不推送到 IndexNow。"
        ),
    )
    indexnow_endpoint = models.CharField(
        "IndexNow 接口地址",
        max_length=200,
        default=INDEXNOW_DEFAULT_ENDPOINT,
        validators=[validate_http_endpoint],
        help_text="默认 https://api.indexnow.org/indexnow(必应、Yandex 等共用)。",
    )
    daily_quota = models.PositiveIntegerField(
        "每日推送上限",
        default=500,
        validators=[
            MinValueValidator(1, "每日推送上限至少为 1。"),
            MaxValueValidator(MAX_DAILY_QUOTA, f"每日推送上限不能超过 {MAX_DAILY_QUOTA}。"),
        ],
        help_text="每个搜索引擎每天(北京时间)最多推送的地址数;百度的配额以百度后台显示的为准。",
    )

    base_form_class = PushSettingsForm
    panels = [
        MultiFieldPanel(
            [FieldPanel("baidu_site"), FieldPanel("baidu_token")], heading="百度普通收录"
        ),
        MultiFieldPanel(
            [FieldPanel("indexnow_key"), FieldPanel("indexnow_endpoint")], heading="IndexNow"
        ),
        FieldPanel("daily_quota"),
    ]

    class Meta:
        verbose_name = "搜索引擎推送"

    def __repr__(self):
        # Never the token: a repr ends up in tracebacks and error reports.
        return (
            f"<PushSettings site={self.site_id} baidu={self.baidu_enabled}"
            f" indexnow={self.indexnow_enabled}>"
        )

    def clean(self):
        super().clean()
        if bool(self.baidu_site) != bool(self.baidu_token):
            raise ValidationError("百度站点和 token 要同时填写(或同时留空)。")

    @property
    def baidu_enabled(self):
        return bool(self.baidu_site and self.baidu_token)

    @property
    def indexnow_enabled(self):
        return bool(self.indexnow_key and self.indexnow_endpoint)

    def enabled_engines(self):
        engines = []
        if self.baidu_enabled:
            engines.append(PushRecord.Engine.BAIDU)
        if self.indexnow_enabled:
            engines.append(PushRecord.Engine.INDEXNOW)
        return engines

    @property
    def baidu_endpoint(self):
        return settings.DISTRIBUTION_BAIDU_ENDPOINT

    def masked_token(self):
        return mask_secret(self.baidu_token)


def mask_secret(secret):
    """What the admin shows of a secret: enough to recognise it, not enough to use it."""
    if not secret:
        return ""
    if len(secret) <= 8:
        return "•" * len(secret)
    return f"{secret[:2]}{'•' * (len(secret) - 4)}{secret[-2:]}"


def beijing_day_start(now=None):
    """Midnight at the start of today, Beijing time: Baidu's quota runs by the Beijing day."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def next_beijing_day(now=None):
    return beijing_day_start(now) + datetime.timedelta(days=1)


class PushRecordQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PushRecord.Status.PENDING)

    def due(self, now=None):
        return self.pending().filter(next_attempt_at__lte=now or timezone.now())

    def sent_since(self, since):
        return self.filter(status=PushRecord.Status.SENT, sent_at__gte=since)

    def for_engine(self, site_id, engine):
        return self.filter(site_id=site_id, engine=engine)


class PushRecord(models.Model):
    class Engine(models.TextChoices):
        BAIDU = "baidu", "百度"
        INDEXNOW = "indexnow", "IndexNow"

    class Status(models.TextChoices):
        PENDING = "pending", "等待推送"
        SENT = "sent", "推送成功"
        REJECTED = "rejected", "被拒绝"
        FAILED = "failed", "推送失败"
        SKIPPED = "skipped", "未推送(已下线)"

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="站点", on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="页面",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField("地址", max_length=500)
    engine = models.CharField("搜索引擎", max_length=16, choices=Engine.choices)
    status = models.CharField(
        "结果", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("加入时间", default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    sent_at = models.DateTimeField("推送时间", null=True, blank=True)

    objects = PushRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "推送记录"
        verbose_name_plural = "推送记录"
        indexes = [
            models.Index(
                fields=["site", "engine", "next_attempt_at"],
                condition=models.Q(status="pending"),
                name="distribution_due_idx",
            ),
            models.Index(fields=["site", "engine", "sent_at"], name="distribution_sent_idx"),
            models.Index(fields=["url", "engine"], name="distribution_url_idx"),
        ]

    def __str__(self):
        return f"{self.get_engine_display()} {self.url}"

    @property
    def waiting_until(self):
        """When a waiting record is tried next; nothing for a settled one."""
        return self.next_attempt_at if self.status == self.Status.PENDING else None
