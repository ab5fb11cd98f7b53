"""Queue addresses on publish; send them from the worker in batches, within a daily quota.

Queueing (`queue_page`, on Wagtail's `page_published`): a page whose class declares
`push_to_search_engines = True`, live and not behind a view restriction, gets one pending
`PushRecord` per engine configured for its site. Previews and drafts never publish, so they
never queue. Re-publishing an edit:

- Baidu: an address Baidu has already taken is not sent again. 普通收录 is for new links;
  Baidu recrawls known ones itself, and every resend spends the site's small daily quota.
- IndexNow: sent again, since the protocol exists to announce changed pages.
- An address already waiting for an engine is not queued twice.

Sending (`push_due`, a `run_worker_job` hook, once a minute): per site and engine, up to
`MAX_BATCHES_PER_RUN` batches of `BATCH_SIZE` due records, oldest first. A record whose page
was unpublished, deleted or made private since is skipped, not sent. A batch that fails as a
whole (network, timeout, 5xx, 401, an unreadable answer) is retried after 5, 10, 20 and 40
minutes, then marked failed; the engine is left alone for the rest of that run. The daily
quota counts records sent since Beijing midnight; when it (or Baidu's own `remain`) runs out,
the rest waits for the next day.

Queries per run do not grow with the number of records (tests/distribution pin them at 5
and 50); memory is bounded by BATCH_SIZE.
"""

import datetime
import logging
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Site

from news.addresses import absolute_url
from news.models.visibility import restricted_paths

from . import engines
from .models import PushRecord, PushSettings, beijing_day_start, next_beijing_day

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_BATCHES_PER_RUN = 10
MAX_ATTEMPTS = 5
FIRST_RETRY = datetime.timedelta(minutes=5)
# Two quota months: enough to answer “was this pushed?” about anything still news.
KEEP_DAYS = 90

Engine = PushRecord.Engine
Status = PushRecord.Status


def wants_push(page):
    return bool(getattr(page.specific_class or type(page), "push_to_search_engines", False))


def is_private(page):
    return any(page.path.startswith(path) for path in restricted_paths())


def queue_page(page):
    """Pending records for a just-published page; returns them (possibly none)."""
    if not (page.live and wants_push(page)) or is_private(page):
        return []
    parts = page.get_url_parts()
    if not parts or parts[2] is None:
        return []
    site_id, _root, path = parts
    # The settings are cached by site id: no query for the Site row on every publish.
    engines_on = PushSettings.for_site(Site(pk=site_id)).enabled_engines()
    if not engines_on:
        return []
    url = absolute_url(path)
    already = set(
        PushRecord.objects.filter(site_id=site_id, url=url, engine__in=engines_on)
        .filter(Q(status=Status.PENDING) | Q(status=Status.SENT, engine=Engine.BAIDU))
        .values_list("engine", flat=True)
    )
    records = [
        PushRecord(site_id=site_id, page_id=page.pk, url=url, engine=engine)
        for engine in engines_on
        if engine not in already
    ]
    return PushRecord.objects.bulk_create(records)


def _send(settings, engine, urls):
    if engine == Engine.BAIDU:
        return engines.send_to_baidu(
            settings.baidu_endpoint, settings.baidu_site, settings.baidu_token, urls
        )
    return engines.send_to_indexnow(settings.indexnow_endpoint, settings.indexnow_key, urls)


class EnginePush:
    """One run's work for one site and one engine."""

    def __init__(self, site, engine, now):
        self.site = site
        self.engine = engine
        self.now = now
        self.settings = PushSettings.for_site(site)
        self.records = PushRecord.objects.for_engine(site.pk, engine)
        self.counts = dict.fromkeys(Status, 0)
        self.deferred_for_quota = False
        self.error = ""

    def run(self):
        if self.engine not in self.settings.enabled_engines():
            # Switched off since the records were queued: they are dropped, not kept for later.
            self.counts[Status.SKIPPED] += self.records.due(self.now).update(
                status=Status.SKIPPED, message="推送设置已清空,未推送"
            )
            return self
        sent_today = self.records.sent_since(beijing_day_start(self.now)).count()
        remaining = self.settings.daily_quota - sent_today
        for _ in range(MAX_BATCHES_PER_RUN):
            if remaining <= 0:
                self.defer_to_tomorrow("已达每日推送上限,明天继续")
                break
            size = min(BATCH_SIZE, remaining)
            batch = list(
                self.records.due(self.now)
                .select_related("page")
                .order_by("created_at", "pk")[:size]
            )
            if not batch:
                break
            remaining -= self.send_batch(batch)
            if self.error or self.deferred_for_quota or len(batch) < size:
                break
        return self

    def send_batch(self, batch):
        """Sends one batch and records every row's result; returns how many were sent."""
        paths = restricted_paths()
        to_send = {}
        for record in batch:
            page = record.page
            if page is None or not page.live or any(page.path.startswith(p) for p in paths):
                record.status = Status.SKIPPED
                record.message = "推送前页面已下线、删除或设为不公开"
            elif record.url in to_send:
                record.status = Status.SKIPPED
                record.message = "同一地址已在本批推送"
            else:
                to_send[record.url] = record
        outcome = _send(self.settings, self.engine, list(to_send)) if to_send else None
        if outcome is not None:
            self.apply(outcome, to_send)
        for record in batch:
            self.counts[record.status] += record.status != Status.PENDING
        self.save_results(batch)
        if outcome is not None and outcome.over_quota:
            self.defer_to_tomorrow(outcome.retry_reason or "百度今日配额已用完,明天继续")
        return len(outcome.sent) if outcome else 0

    @staticmethod
    def save_results(batch):
        """One UPDATE per distinct result, usually one for the whole batch.

        Not `bulk_update()`: its CASE WHEN per row cost 4 s of Django's expression building
        per 100 rows on the loaded test machine (bench/distribution.py).
        """
        groups = defaultdict(list)
        for record in batch:
            # Only a record still waiting needs its next attempt written; the others share
            # their result, so they share one UPDATE.
            waiting = record.next_attempt_at if record.status == Status.PENDING else None
            result = (record.status, record.attempts, record.message, waiting, record.sent_at)
            groups[result].append(record.pk)
        for (status, attempts, message, waiting, sent_at), pks in groups.items():
            values = {"status": status, "attempts": attempts, "message": message}
            if waiting is not None:
                values["next_attempt_at"] = waiting
            PushRecord.objects.filter(pk__in=pks).update(sent_at=sent_at, **values)

    def apply(self, outcome, to_send):
        if outcome.retry_reason and not outcome.over_quota:
            self.error = outcome.retry_reason
            logger.warning(
                "Push to %s failed for %d addresses: %s", self.engine, len(to_send), self.error
            )
        for url, record in to_send.items():
            if url in outcome.rejected:
                record.status, record.message = Status.REJECTED, outcome.rejected[url]
                record.attempts += 1
            elif url in outcome.sent:
                record.status, record.message = Status.SENT, outcome.note
                record.attempts += 1
                record.sent_at = self.now
            elif outcome.over_quota:
                # Not an attempt that failed: the day's allowance ended before it.
                record.message = outcome.retry_reason
                record.next_attempt_at = next_beijing_day(self.now)
            else:
                record.attempts += 1
                record.message = outcome.retry_reason or "对方未确认此地址"
                if record.attempts >= MAX_ATTEMPTS:
                    record.status = Status.FAILED
                else:
                    record.next_attempt_at = self.now + FIRST_RETRY * 2 ** (record.attempts - 1)

    def defer_to_tomorrow(self, message):
        self.deferred_for_quota = True
        self.records.due(self.now).update(
            next_attempt_at=next_beijing_day(self.now), message=message
        )

    def summary(self):
        parts = [
            f"{label} {self.counts[status]}"
            for status, label in (
                (Status.SENT, "成功"),
                (Status.REJECTED, "被拒绝"),
                (Status.FAILED, "失败"),
                (Status.SKIPPED, "未推送"),
            )
            if self.counts[status]
        ]
        if self.error:
            parts.append(f"稍后重试:{self.error}")
        if self.deferred_for_quota:
            parts.append("其余地址明天推送")
        if not parts:
            return ""
        return f"{self.site.site_name or self.site.hostname} 推送到{self.engine.label}:" + ",".join(
            parts
        )


def push_due(now=None):
    """Sends what is due for every site and engine; returns the `EnginePush` of each."""
    now = now or timezone.now()
    groups = sorted(set(PushRecord.objects.due(now).values_list("site_id", "engine")))
    if not groups:
        return []
    sites = Site.objects.in_bulk({site_id for site_id, _ in groups})
    return [
        EnginePush(sites[site_id], Engine(engine), now).run()
        for site_id, engine in groups
        if site_id in sites
    ]


def forget_old_records(now=None):
    """Settled records older than KEEP_DAYS: the log is for recent publishing, not history."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    return (
        PushRecord.objects.exclude(status=Status.PENDING).filter(created_at__lt=cutoff).delete()[0]
    )


def worker_job():
    """A `run_worker_job` hook: a line per site and engine that had something to report."""
    forget_old_records()
    return [line for push in push_due() if (line := push.summary())]
