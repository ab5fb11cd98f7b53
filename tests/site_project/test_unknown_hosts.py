"""A request for a host not in ALLOWED_HOSTS is answered 400 and leaves nothing in the log.

Scanners send thousands of them; each was logged at ERROR with a full traceback, burying
everything else in the log.
"""

import contextlib
import io
import logging

from django.test import TestCase, override_settings


@contextlib.contextmanager
def console_output():
    """What the configured console handler writes meanwhile (LOGGING's root handler)."""
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert handlers, "LOGGING has no console handler"
    written = io.StringIO()
    previous = [handler.setStream(written) for handler in handlers]
    try:
        yield written
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)


@override_settings(ALLOWED_HOSTS=["www.example.com"])
class UnknownHostTest(TestCase):
    def test_an_unknown_host_is_400_and_not_logged(self):
        with console_output() as written:
            for address in ["/", "/search/?q=x", "/admin/login/", "/gsyl/xinzhou/1.html"]:
                with self.subTest(address=address):
                    response = self.client.get(address, headers={"host": "scanner.example"})
                    self.assertEqual(response.status_code, 400)
        self.assertEqual(written.getvalue(), "")

    def test_other_security_events_are_still_logged(self):
        with console_output() as written:
            response = self.client_class(enforce_csrf_checks=True).post(
                "/admin/login/", headers={"host": "www.example.com"}
            )
        self.assertEqual(response.status_code, 403)
        self.assertIn("Forbidden (CSRF cookie not set.)", written.getvalue())
