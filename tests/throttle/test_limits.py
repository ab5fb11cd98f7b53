"""`take()`: fixed windows per scope and client, exact under concurrency."""

import threading

from django.test import SimpleTestCase

from throttle.limits import take


class TakeTest(SimpleTestCase):
    def test_the_limit_then_the_seconds_to_wait(self):
        waits = [take("test", "client-a", 3, 60) for _ in range(5)]
        self.assertEqual(waits[:3], [0, 0, 0])
        self.assertTrue(all(1 <= wait <= 60 for wait in waits[3:]), waits)

    def test_scopes_clients_and_windows_are_counted_apart(self):
        self.assertEqual(take("test", "client-b", 1, 60), 0)
        self.assertEqual(take("other", "client-b", 1, 60), 0)
        self.assertEqual(take("test", "client-c", 1, 60), 0)
        self.assertEqual(take("test", "client-b", 1, 3600), 0)
        self.assertGreater(take("test", "client-b", 1, 60), 0)

    def test_concurrent_requests_never_slip_past_the_limit(self):
        barrier = threading.Barrier(20)
        waits = []

        def request():
            barrier.wait()
            waits.append(take("test", "client-d", 10, 60))

        threads = [threading.Thread(target=request) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(waits.count(0), 10)
