"""Log lines as JSON objects, one per line, for journald or any log collector.

Production sends every record through `JSONFormatter` (site_project/settings/production.py):
the request log (operations/wsgi.py), security events (logins, lock-outs, second-factor
failures, refusals) and errors alike. Each carries the id of the request it happened in:
nginx's `X-Request-Id`, so a line of the application's log and nginx's access log line
for the same request share it.
"""

import contextvars
import datetime
import json
import logging

# Set by the WSGI wrapper for the length of a request (operations/wsgi.py).
request_id_var = contextvars.ContextVar("dayuan_request_id", default=None)

# Named in `extra` by the code that logs: a line about a request or a security event.
request_logger = logging.getLogger("dayuan.requests")
security_logger = logging.getLogger("dayuan.security")

# A record's own attributes; anything else on it came in `extra` and is written out.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}


class JSONFormatter(logging.Formatter):
    """time, level, logger, message, request_id, whatever `extra` named, the traceback."""

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id is not None:
            line["request_id"] = request_id
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        # Values that are not JSON (Django's log_response passes the request) as their str.
        return json.dumps(line, ensure_ascii=False, default=str)
