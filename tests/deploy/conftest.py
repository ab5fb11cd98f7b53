"""Helpers for the deployment tests: the repository, `make -n`, a clean environment."""

import os
import shlex
import subprocess

from django.conf import settings

ROOT = settings.BASE_DIR
# A `make` started by these tests must not inherit the flags of a `make test` around them.
MAKE_VARIABLES = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}


def clean_environment(**overrides):
    environment = {k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES}
    environment.update(overrides)
    return environment


def make_dry_run(target):
    """The commands `make <target>` would run, each split into its arguments."""
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [shlex.split(line) for line in result.stdout.splitlines() if line.strip()]
