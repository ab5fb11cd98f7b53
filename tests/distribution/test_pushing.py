"""The worker sends what is due to a real local HTTP server playing Baidu and IndexNow:
the requests it makes, and what every answer (success, refusals, over quota, 401, 500,
timeouts, malformed JSON, a refused connection) does to the log rows."""

import datetime
from unittest import mock

from django.utils import timezone

from distribution import engines, pushing
from distribution.models import PushRecord, next_beijing_day
from tests.distribution.endpoint import PushEndpoint, closed_port_address
from tests.distribution.support import KEY, TOKEN, PushTestCase, run_worker

Engine = PushRecord.Engine
Status = PushRecord.Status


# Small batches, so a test of several batches publishes a dozen articles, not hundreds.
SMALL_BATCH = mock.patch.object(pushing, "BATCH_SIZE", 4)


class PushTest(PushTestCase):
    def setUp(self):
        self.endpoint = PushEndpoint().__enter__()
        self.addCleanup(self.endpoint.__exit__, None, None, None)


class BaiduPushTest(PushTest):
    def test_due_addresses_are_posted_one_a_line_with_site_and_token(self):
        self.configure(self.endpoint.base)
        articles = self.publish(3)
        self.endpoint.answer(200, {"remain": 97, "success": 3})
        output = run_worker()
        (request,) = self.endpoint.requests
        self.assertEqual(request.path, "/urls")
        self.assertEqual(request.query, {"site": ["https://www.example.cn"], "token": [TOKEN]})
        self.assertEqual(request.headers["Content-Type"], "text/plain")
        self.assertEqual(request.lines, [f"http://testserver{article.url}" for article in articles])
        for record in self.records():
            self.assertEqual(record.status, Status.SENT)
            self.assertEqual(record.message, "百度今日剩余配额 97")
            self.assertEqual(record.attempts, 1)
            self.assertIsNotNone(record.sent_at)
        self.assertIn("推送到百度:成功 3", output)
        self.assertNotIn(TOKEN, output)

    def test_nothing_is_sent_twice(self):
        self.configure(self.endpoint.base)
        self.publish(2)
        run_worker()
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)

    def test_a_page_unpublished_before_the_worker_runs_is_not_sent(self):
        self.configure(self.endpoint.base)
        gone, kept = self.publish(2)
        gone.unpublish()
        run_worker()
        (request,) = self.endpoint.requests
        self.assertEqual(request.lines, [f"http://testserver{kept.url}"])
        record = PushRecord.objects.get(page=gone)
        self.assertEqual(record.status, Status.SKIPPED)
        self.assertEqual(record.message, "推送前页面已下线、删除或设为不公开")

    def test_a_deleted_page_is_not_sent(self):
        self.configure(self.endpoint.base)
        (article,) = self.publish()
        article.delete()
        run_worker()
        self.assertEqual(self.endpoint.requests, [])
        self.assertEqual(self.records()[0].status, Status.SKIPPED)

    def test_addresses_baidu_refuses_are_marked_rejected_the_others_sent(self):
        self.configure(self.endpoint.base)
        first, second, third = self.publish(3)
        self.endpoint.answer(
            200,
            {
                "remain": 5,
                "success": 1,
                "not_same_site": [f"http://testserver{first.url}"],
                "not_valid": [f"http://testserver{second.url}"],
            },
        )
        run_worker()
        by_page = {record.page_id: record for record in self.records()}
        self.assertEqual(by_page[first.pk].status, Status.REJECTED)
        self.assertEqual(by_page[first.pk].message, "不属于百度站点")
        self.assertEqual(by_page[second.pk].status, Status.REJECTED)
        self.assertEqual(by_page[second.pk].message, "百度认为地址无效")
        self.assertEqual(by_page[third.pk].status, Status.SENT)

    def test_over_quota_keeps_everything_for_the_next_beijing_day(self):
        self.configure(self.endpoint.base)
        self.publish(3)
        self.endpoint.answer(400, {"error": 400, "message": "over quota"})
        now = timezone.now()
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)
        for record in self.records():
            self.assertEqual(record.status, Status.PENDING)
            self.assertEqual(record.attempts, 0)  # not a failure: the day's allowance ended
            self.assertEqual(record.next_attempt_at, next_beijing_day(now))
            self.assertEqual(record.message, "百度今日配额已用完,明天继续")
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)
        with mock.patch("django.utils.timezone.now", lambda: next_beijing_day(now)):
            run_worker()
        self.assertEqual(len(self.endpoint.requests), 2)
        self.assertEqual({record.status for record in self.records()}, {Status.SENT})

    @SMALL_BATCH
    def test_baidu_reporting_no_remaining_quota_stops_the_rest_until_tomorrow(self):
        self.configure(self.endpoint.base)
        self.publish(pushing.BATCH_SIZE + 5)
        self.endpoint.answer(200, {"remain": 0, "success": pushing.BATCH_SIZE})
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)
        self.assertEqual(len(self.records(status=Status.SENT)), pushing.BATCH_SIZE)
        waiting = self.records(status=Status.PENDING)
        self.assertEqual(len(waiting), 5)
        self.assertTrue(all(record.next_attempt_at > timezone.now() for record in waiting))

    def test_a_rejected_token_is_retried_with_backoff_then_failed(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.default = self.endpoint.script and None
        now = timezone.now()
        waits = []
        for attempt in range(1, pushing.MAX_ATTEMPTS + 1):
            self.endpoint.answer(401, {"error": 401, "message": "token is not valid"})
            with mock.patch("django.utils.timezone.now", lambda moment=now: moment):
                run_worker()
            (record,) = self.records()
            self.assertEqual(record.attempts, attempt)
            if attempt < pushing.MAX_ATTEMPTS:
                self.assertEqual(record.status, Status.PENDING)
                self.assertIn("401", record.message)
                waits.append(record.next_attempt_at - now)
                now = record.next_attempt_at
        self.assertEqual([wait.total_seconds() / 60 for wait in waits], [5, 10, 20, 40])
        self.assertEqual(record.status, Status.FAILED)
        self.assertEqual(len(self.endpoint.requests), pushing.MAX_ATTEMPTS)

    def test_a_failed_batch_is_not_tried_again_before_its_backoff(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.answer(500, "Internal Server Error")
        run_worker()
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)
        (record,) = self.records()
        self.assertEqual(record.status, Status.PENDING)
        self.assertEqual(record.message, "百度返回 500:Internal Server Error")

    @SMALL_BATCH
    def test_a_server_error_stops_further_batches_in_that_run(self):
        self.configure(self.endpoint.base)
        self.publish(pushing.BATCH_SIZE + 1)
        self.endpoint.answer(503, "busy")
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)
        self.assertEqual(len(self.records(status=Status.PENDING)), pushing.BATCH_SIZE + 1)

    def test_a_malformed_answer_is_retried(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.answer(200, "<html>not json</html>")
        run_worker()
        (record,) = self.records()
        self.assertEqual((record.status, record.attempts), (Status.PENDING, 1))
        self.assertEqual(record.message, "百度返回了无法识别的应答")

    def test_a_timeout_is_retried(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.answer(200, {"remain": 1, "success": 1}, delay=1.5)
        with mock.patch.object(engines, "TIMEOUT_SECONDS", 0.3):
            run_worker()
        (record,) = self.records()
        self.assertEqual((record.status, record.attempts), (Status.PENDING, 1))
        self.assertIn("超时", record.message)

    def test_a_cut_connection_is_retried(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.answer(hang_up=True)
        run_worker()
        (record,) = self.records()
        self.assertEqual((record.status, record.attempts), (Status.PENDING, 1))
        self.assertIn("无法连接", record.message)

    def test_a_refused_connection_is_retried(self):
        self.configure(closed_port_address())
        self.publish()
        run_worker()
        (record,) = self.records()
        self.assertEqual((record.status, record.attempts), (Status.PENDING, 1))
        self.assertEqual(record.message, "无法连接:对方拒绝连接")

    def test_the_token_never_reaches_the_log_or_the_rows(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.answer(400, {"error": 400, "message": f"bad token {TOKEN}"})
        with self.assertLogs("distribution", "WARNING") as logs:
            output = run_worker()
        (record,) = self.records()
        self.assertNotIn(TOKEN, record.message)
        self.assertIn("***", record.message)
        self.assertNotIn(TOKEN, "\n".join(logs.output) + output)
        self.assertNotIn(TOKEN, repr(self.configure(self.endpoint.base)))

    def test_a_huge_answer_is_not_read_whole(self):
        self.configure(self.endpoint.base)
        self.publish()
        self.endpoint.answer(500, "x" * (5 * 1024 * 1024))
        run_worker()
        (record,) = self.records()
        self.assertLessEqual(len(record.message), 300)

    @SMALL_BATCH
    def test_batches_of_batch_size(self):
        self.configure(self.endpoint.base)
        self.publish(pushing.BATCH_SIZE * 2 + 3)
        run_worker()
        sizes = [len(request.lines) for request in self.endpoint.requests]
        self.assertEqual(sizes, [pushing.BATCH_SIZE, pushing.BATCH_SIZE, 3])

    def test_the_daily_quota_stops_sending_until_the_next_beijing_day(self):
        self.configure(self.endpoint.base, quota=3)
        self.publish(5)
        now = timezone.now()
        output = run_worker()
        self.assertEqual([len(request.lines) for request in self.endpoint.requests], [3])
        self.assertIn("其余地址明天推送", output)
        waiting = self.records(status=Status.PENDING)
        self.assertEqual(len(waiting), 2)
        self.assertEqual({record.message for record in waiting}, {"已达每日推送上限,明天继续"})
        run_worker()
        self.assertEqual(len(self.endpoint.requests), 1)
        tomorrow = next_beijing_day(now) + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", lambda: tomorrow):
            run_worker()
        self.assertEqual([len(request.lines) for request in self.endpoint.requests], [3, 2])

    def test_records_of_an_emptied_setting_are_dropped_not_sent(self):
        settings = self.configure(self.endpoint.base)
        self.publish(2)
        settings.baidu_site = settings.baidu_token = ""
        settings.save()
        run_worker()
        self.assertEqual(self.endpoint.requests, [])
        self.assertEqual({record.status for record in self.records()}, {Status.SKIPPED})


class IndexNowPushTest(PushTest):
    def test_due_addresses_are_posted_as_json_with_host_key_and_key_location(self):
        self.configure(self.endpoint.base, baidu=False, indexnow=True)
        articles = self.publish(2)
        self.endpoint.answer(202)
        run_worker()
        (request,) = self.endpoint.requests
        self.assertEqual(request.path, "/indexnow")
        self.assertTrue(request.headers["Content-Type"].startswith("application/json"))
        self.assertEqual(
            request.json(),
            {
                "host": "testserver",
                "key": KEY,
                "keyLocation": f"http://testserver/{KEY}.txt",
                "urlList": [f"http://testserver{article.url}" for article in articles],
            },
        )
        self.assertEqual({record.status for record in self.records()}, {Status.SENT})

    def test_422_marks_the_batch_rejected(self):
        self.configure(self.endpoint.base, baidu=False, indexnow=True)
        self.publish()
        self.endpoint.answer(422)
        run_worker()
        (record,) = self.records()
        self.assertEqual(record.status, Status.REJECTED)
        self.assertIn("422", record.message)

    def test_403_and_429_are_retried(self):
        self.configure(self.endpoint.base, baidu=False, indexnow=True)
        self.publish()
        self.endpoint.answer(403)
        run_worker()
        (record,) = self.records()
        self.assertEqual((record.status, record.attempts), (Status.PENDING, 1))
        self.assertIn("403", record.message)
        self.endpoint.answer(429)
        later = record.next_attempt_at + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", lambda: later):
            run_worker()
        (record,) = self.records()
        self.assertEqual((record.status, record.attempts), (Status.PENDING, 2))
        self.assertIn("429", record.message)

    def test_one_engine_failing_does_not_hold_up_the_other(self):
        self.configure(self.endpoint.base, indexnow=True)
        self.publish()
        self.endpoint.answer(500, "down")  # Baidu
        self.endpoint.answer(200)  # IndexNow
        run_worker()
        statuses = {record.engine: record.status for record in self.records()}
        self.assertEqual(statuses, {Engine.BAIDU: Status.PENDING, Engine.INDEXNOW: Status.SENT})


class LogRetentionTest(PushTestCase):
    def test_settled_records_older_than_the_retention_are_forgotten_waiting_ones_kept(self):
        self.configure()
        old = timezone.now() - datetime.timedelta(days=pushing.KEEP_DAYS + 1)
        self.publish(3)
        first, second, third = self.records()
        PushRecord.objects.filter(pk=first.pk).update(status=Status.SENT, created_at=old)
        PushRecord.objects.filter(pk=second.pk).update(created_at=old)  # still waiting
        PushRecord.objects.filter(pk=third.pk).update(status=Status.FAILED)
        self.assertEqual(pushing.forget_old_records(), 1)
        self.assertEqual([record.pk for record in self.records()], [second.pk, third.pk])
