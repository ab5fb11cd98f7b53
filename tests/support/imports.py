"""Shared pieces of the import tests: fixture paths and running the commands."""

import io
from pathlib import Path

from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
TEXT = FIXTURES / "text"
HTML = FIXTURES / "html"
BAD = FIXTURES / "bad"


class Outcome:
    def __init__(self, stdout, stderr, error=None):
        self.stdout = stdout
        self.stderr = stderr
        self.error = error

    @property
    def output(self):
        return self.stdout + self.stderr

    @property
    def failed(self):
        return self.error is not None


def run_import(command, *args):
    """Run an import command; returns its output, and the CommandError if it exited non-zero."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(command, *[str(arg) for arg in args], stdout=stdout, stderr=stderr)
    except CommandError as error:
        return Outcome(stdout.getvalue(), stderr.getvalue(), error)
    return Outcome(stdout.getvalue(), stderr.getvalue())
