"""docs/deployment.md, followed alone by someone new, must name real things: every file
in deploy/, only commands manage.py has, only options render.py takes."""

import re
import subprocess
import sys

from django.core.management import get_commands

from tests.deploy.conftest import ROOT

DOC = (ROOT / "docs" / "deployment.md").read_text()


def deploy_files():
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "deploy").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def test_every_file_in_deploy_is_explained():
    # dayuan-backup.{service,timer} is spelled as such in a command; the table names both.
    missing = [
        name
        for name in deploy_files()
        if f"`{name}`" not in DOC and f"`{name.rsplit('.', 1)[0]}" not in DOC
    ]
    assert missing == [], f"not explained in docs/deployment.md: {missing}"


def test_every_deploy_path_the_doc_names_exists():
    named = set(re.findall(r"deploy/[\w@./-]*[\w@]", DOC))
    missing = sorted(
        name
        for name in named
        # `deploy/systemd/dayuan-backup.{service,timer}` in a command
        if not (ROOT / name).exists() and not (ROOT / f"{name}.service").exists()
    )
    assert missing == []


def test_every_manage_command_the_doc_runs_exists():
    commands = set(re.findall(r"deploy/manage ([a-z_]+)", DOC))
    assert {"migrate", "collectstatic", "setup_site", "createsuperuser", "assign_desk"} <= commands
    unknown = sorted(commands - set(get_commands()))
    assert unknown == []


def test_every_render_option_the_doc_uses_exists():
    help_text = subprocess.run(
        [sys.executable, "deploy/render.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    lines = DOC.replace("\\\n", " ").splitlines()
    used = {
        option
        for line in lines
        if "render.py" in line
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line)
    }
    assert {"--server-name", "--tls-certificate", "--app-server", "--purge-from"} <= used
    assert sorted(option for option in used if option not in help_text) == []
