"""Counting article views at the rate readers arrive, and writing them down in batches.

Every article page asks `/hits/<number>/` to count it (the page itself may come from a cache).
Writing each view to the database costs a write transaction per hit, and SQLite serialises
those across workers. Instead a view is one increment in a buffer, and a flush adds the
buffered increments to ArticleViewCount and DailyArticleViews in one transaction:

- RedisViewBuffer, when REDIS_URL is set (in a Redis database of its own): one buffer for
  every worker and machine. A flush snapshots the pending increments, writes them, then
  subtracts exactly what it wrote; a batch whose flusher died is finished by the next one,
  and the ViewCountFlush row stops it from being written twice. Nothing is lost when a
  worker is killed. While that Redis is unreachable, each view is written straight to the
  database (one small transaction per view: exact, and nothing waits in a worker's memory
  to be lost if it is killed), one line is logged per process and outage, and Redis is
  tried again every couple of seconds; views still pending in Redis are written once it
  answers. A view whose request timed out is not written: it may have reached Redis.
- LocalViewBuffer, without Redis: each worker process buffers its own views and a thread
  flushes them every DAYUAN_VIEW_FLUSH_SECONDS and when the process exits. A worker killed
  with SIGKILL loses at most that interval's views.

The `/hits/` endpoint (views.py, and wsgi.py before Django) counts through `count_view`.
"""

import atexit
import contextlib
import datetime
import json
import logging
import os
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from pagecache.backends import Outage, redacted_url

from .models import ArticleViewCount, ViewCountFlush

logger = logging.getLogger(__name__)


def _write(views):
    """Add {(article_id, day): n} to the database; returns the new totals by article."""
    with transaction.atomic():
        return ArticleViewCount.add_views(views)


class LocalViewBuffer:
    """This process's pending views, flushed by a thread and at exit."""

    def __init__(self, interval):
        self.interval = interval
        self.lock = threading.Lock()
        self.pending = Counter()
        self.pending_totals = Counter()
        self.totals = {}  # article_id -> (stored total, when read)
        self.thread = None
        self.closed = threading.Event()
        os.register_at_fork(after_in_child=self._reset_after_fork)

    def _reset_after_fork(self):
        # A forked worker starts with nothing of its parent's: no views, no thread.
        self.lock = threading.Lock()
        self.thread = None
        self.discard()

    def hit(self, article_id, counted):
        with self.lock:
            if counted:
                self.pending[(article_id, timezone.localdate())] += 1
                self.pending_totals[article_id] += 1
                self._start_thread()
            return self._stored_total(article_id) + self.pending_totals[article_id]

    def _stored_total(self, article_id):
        stored = self.totals.get(article_id)
        now = time.monotonic()
        if stored is None or now - stored[1] > 1:
            stored = (ArticleViewCount.count_for(article_id), now)
            self.totals[article_id] = stored
        return stored[0]

    def flush(self):
        with self.lock:
            if not self.pending:
                return 0
            views = self.pending
            totals = _write(views)
            self.pending = Counter()
            self.pending_totals = Counter()
            now = time.monotonic()
            for article_id, total in totals.items():
                self.totals[article_id] = (total, now)
            return sum(views.values())

    def _start_thread(self):
        if self.thread is not None or not self.interval:
            return
        self.thread = threading.Thread(target=self._run, name="view-count-flush", daemon=True)
        self.thread.start()

    def close(self):
        self.closed.set()

    def discard(self):
        """Drop every pending view and remembered total, unwritten (tests)."""
        with self.lock:
            self.pending = Counter()
            self.pending_totals = Counter()
            self.totals = {}

    def _run(self):
        while not self.closed.wait(self.interval):
            try:
                self.flush()
            except Exception:
                logger.exception("写入阅读数失败,稍后重试")
            finally:
                close_old_connections()


class RedisViewBuffer:
    """Views pending in a Redis hash shared by every worker.

    Fields of the pending hash: "<article_id>" (towards the total) and "<article_id>:<day>"
    (towards that day's count). The stored hash holds each article's total as last written.
    """

    # Subtract a written batch, only if it is still the batch on record (a second flusher
    # that took over a slow one's batch must not subtract it again).
    SETTLE = """
    if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
    local batch = cjson.decode(ARGV[2])
    for field, count in pairs(batch.pending) do
        if redis.call('HINCRBY', KEYS[1], field, -count) <= 0 then
            redis.call('HDEL', KEYS[1], field)
        end
    end
    for field, total in pairs(batch.stored) do
        redis.call('HSET', KEYS[2], field, total)
    end
    redis.call('DEL', KEYS[3], KEYS[4])
    return 1
    """
    RELEASE = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
    return 0
    """

    def __init__(self, url, prefix, interval):
        import redis

        # Fail fast when Redis is unreachable: a view then goes to the database.
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        self.errors = (redis.RedisError,)
        self.timeout = redis.TimeoutError
        self.outage = Outage(f"Redis 阅读数缓冲 {redacted_url(url)}")
        self.interval = interval
        self.pending_key = f"{prefix}:views:pending"
        self.stored_key = f"{prefix}:views:stored"
        self.batch_id_key = f"{prefix}:views:batch-id"
        self.batch_key = f"{prefix}:views:batch"
        self.lock_key = f"{prefix}:views:flush-lock"
        self.due_key = f"{prefix}:views:flush-due"
        self.settle = self.client.register_script(self.SETTLE)
        self.release = self.client.register_script(self.RELEASE)

    def close(self):
        self.client.close()

    def discard(self):
        """Drop every pending view and remembered total, unwritten (tests)."""
        self.client.delete(
            self.pending_key,
            self.stored_key,
            self.batch_id_key,
            self.batch_key,
            self.lock_key,
            self.due_key,
        )

    def hit(self, article_id, counted):
        if not self.outage.skip():
            try:
                count = self._hit(article_id, counted)
            except self.errors as error:
                self.outage.failed(error)
                if isinstance(error, self.timeout):
                    # Sent, perhaps: a Redis that froze runs it when it wakes, and the
                    # database too would count the view twice.
                    return ArticleViewCount.count_for(article_id)
            else:
                self.outage.succeeded()
                return count
        # Redis is away: count straight into the database rather than lose the view.
        if counted:
            ArticleViewCount.record_view(article_id)
        return ArticleViewCount.count_for(article_id)

    def _hit(self, article_id, counted):
        field = str(article_id)
        pipe = self.client.pipeline(transaction=False)
        if counted:
            pipe.hincrby(self.pending_key, field, 1)
            pipe.hincrby(self.pending_key, f"{field}:{timezone.localdate().isoformat()}", 1)
        else:
            pipe.hget(self.pending_key, field)
        pipe.hget(self.stored_key, field)
        if counted and self.interval:
            pipe.set(self.due_key, 1, nx=True, px=int(self.interval * 1000))
        replies = pipe.execute()
        pending = int(replies[0] or 0)
        stored = replies[2 if counted else 1]
        if stored is None:
            stored = ArticleViewCount.count_for(article_id)
            # The view is in Redis already: losing this remembered total must not count it
            # again in the database.
            with contextlib.suppress(*self.errors):
                self.client.hsetnx(self.stored_key, field, stored)
        if counted and self.interval and replies[-1]:
            # This request is the first since the interval began: it writes the batch.
            try:
                self.flush()
            except Exception:
                logger.exception("写入阅读数失败,下次再试")
        return int(stored) + pending

    def flush(self):
        if self.outage.skip():
            return 0
        try:
            written = self._flush_once()
        except self.errors as error:
            self.outage.failed(error)
            return 0
        self.outage.succeeded()
        return written

    def _flush_once(self):
        token = uuid.uuid4().hex
        if not self.client.set(self.lock_key, token, nx=True, ex=60):
            return 0  # another worker is flushing
        try:
            return self._flush()
        finally:
            self.release(keys=[self.lock_key], args=[token])

    def _flush(self):
        batch = self._take_batch()
        if batch is None:
            return 0
        batch_id, pending = batch
        stored = self._write_batch(batch_id, pending)
        self.settle(
            keys=[self.pending_key, self.stored_key, self.batch_id_key, self.batch_key],
            args=[batch_id, json.dumps({"pending": pending, "stored": stored})],
        )
        return sum(count for field, count in pending.items() if ":" not in field)

    def _take_batch(self):
        """The batch to write: one a dead flusher left behind, or a snapshot of what is pending."""
        batch_id = self.client.get(self.batch_id_key)
        if batch_id is not None:
            return batch_id.decode(), json.loads(self.client.get(self.batch_key) or "{}")
        pending = {
            field.decode(): int(count)
            for field, count in self.client.hgetall(self.pending_key).items()
        }
        if not pending:
            return None
        batch_id = uuid.uuid4().hex
        # The batch is on record before the database sees it.
        self.client.mset({self.batch_key: json.dumps(pending), self.batch_id_key: batch_id})
        return batch_id, pending

    @staticmethod
    def _write_batch(batch_id, pending):
        """Add the batch to the database, unless it was already; returns the stored totals."""
        views = {}
        for field, count in pending.items():
            if ":" in field:
                article_id, day = field.split(":", 1)
                views[(int(article_id), datetime.date.fromisoformat(day))] = count
        with transaction.atomic():
            if ViewCountFlush.claim(batch_id):
                stored = ArticleViewCount.add_views(views)
            else:  # written before its flusher died
                stored = ArticleViewCount.totals({article_id for article_id, _day in views})
        return {str(article_id): total for article_id, total in stored.items()}


_buffer = None
_buffer_lock = threading.Lock()
_flush_at_exit = False


def view_buffer():
    """The process's view buffer, made on first use (after the server forked its workers)."""
    global _buffer, _flush_at_exit
    if _buffer is None:
        with _buffer_lock:
            if _buffer is None:
                _buffer = import_string(settings.DAYUAN_VIEW_BUFFER)(
                    **settings.DAYUAN_VIEW_BUFFER_OPTIONS
                )
                if not _flush_at_exit:
                    atexit.register(flush_views)
                    _flush_at_exit = True
    return _buffer


def reset_view_buffer():
    """Forget the buffer, so the next view builds one from the current settings (tests)."""
    global _buffer
    if _buffer is not None:
        _buffer.close()
    _buffer = None


def flush_views():
    """Write buffered views to the database now; returns how many were written."""
    if _buffer is None:
        return 0
    try:
        return _buffer.flush()
    except Exception:
        logger.exception("写入阅读数失败")
        return 0


def count_view(article_id, counted):
    """Count a view (when `counted`) and return the article's count, this view included."""
    return view_buffer().hit(article_id, counted)
