"""Capturing log lines as production writes them: JSON, formatted as they are emitted."""

import contextlib
import json
import logging

from operations.logs import JSONFormatter


class _Lines(logging.Handler):
    def __init__(self, lines):
        super().__init__(logging.DEBUG)
        self.setFormatter(JSONFormatter())
        self.lines = lines

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@contextlib.contextmanager
def json_lines(logger_name, level=logging.INFO):
    """The lines `logger_name` and its children log at `level` or above, parsed."""
    lines = []
    logger = logging.getLogger(logger_name)
    handler = _Lines(lines)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
