"""Upgrade check: a database built by the last commit before the app split (e49a9e4) migrates
forward with the current code with nothing lost.

    .venv/bin/python tests/upgrade/check_upgrade.py --database sqlite
    .venv/bin/python tests/upgrade/check_upgrade.py --database postgresql

The old code (git archive of the commit, in a temporary folder) builds a site: demo content, an
imported article, approved and pending comments, view counts, desk groups and an article waiting
at the desk step of the review. It snapshots every table's rows, the groups' permissions, log
entries, comments, view counts, review tasks and the reader pages. The current code migrates
the same database, takes the same snapshot and must match it (inside.py takes the snapshots,
compare.py compares them); then the 忻州 desk editor approves the waiting article in the admin.
The exit status is 1 on any difference. Not a pytest module: `make test-upgrade` runs it.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from compare import compare

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.support.isolation import settings_variables  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OLD_COMMIT = "e49a9e4"
SETTINGS = "site_project.settings.test"
IMPORT_FIXTURE = "tests/fixtures/import/text/xinzhou-4120.txt"  # at the old commit
POSTGRES_SERVER = os.environ.get("UPGRADE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
POSTGRES_DATABASE = "dayuan_upgrade"
# Read by the settings: none may leak in from the caller's shell (SITE_URL among them:
# compare.py expects the test settings' site address in the new code's pages). The same
# list `make test` drops, found in base.py's source; the old code reads no other.
SETTINGS_ENVIRONMENT = settings_variables() | {"PYTHONPATH"}


class Failure(Exception):
    pass


def python():
    """The project's own interpreter: the old code runs on the same dependencies."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run(command, *, cwd, env=None, what):
    started = time.monotonic()
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip().splitlines()
        tail = "\n".join(f"    {line}" for line in output[-40:])
        raise Failure(f"{what} failed (exit {completed.returncode}):\n{tail}")
    return completed.stdout, time.monotonic() - started


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def require_old_commit():
    found = git("cat-file", "-e", f"{OLD_COMMIT}^{{commit}}")
    if found.returncode != 0:
        shallow = git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        hint = (
            " This is a shallow clone: run `git fetch --unshallow` first."
            if shallow
            else f" git says: {found.stderr.strip() or 'no such commit'}"
        )
        raise Failure(f"commit {OLD_COMMIT} is not in the repository at {ROOT}.{hint}")


def extract_old_tree(target):
    target.mkdir()
    archive = subprocess.Popen(["git", "archive", OLD_COMMIT], cwd=ROOT, stdout=subprocess.PIPE)
    extract = subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=False)
    archive.stdout.close()
    if archive.wait() != 0 or extract.returncode != 0:
        raise Failure(f"could not extract {OLD_COMMIT} with git archive | tar")


def current_revision():
    head = git("rev-parse", "--short", "HEAD").stdout.strip() or "?"
    dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    return f"{head}{' + uncommitted changes' if dirty else ''}"


# Databases --------------------------------------------------------------------------------------


def psql(server, sql):
    parts = urlsplit(server)
    command = [
        "psql",
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
        "-c",
        sql,
    ]
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
    try:
        run(command, cwd=ROOT, env=env, what=f"psql -c '{sql}'")
    except FileNotFoundError as error:
        raise Failure("psql is not installed (apt-get install postgresql-client)") from error


def fresh_database(database, folder):
    """A DATABASE_URL for an empty throwaway database."""
    if database == "sqlite":
        return f"sqlite:///{folder / 'upgrade.sqlite3'}"
    psql(POSTGRES_SERVER, f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')
    psql(POSTGRES_SERVER, f'CREATE DATABASE "{POSTGRES_DATABASE}"')
    parts = urlsplit(POSTGRES_SERVER)
    return urlunsplit(parts._replace(path=f"/{POSTGRES_DATABASE}"))


def drop_database(database):
    if database == "postgresql":
        psql(POSTGRES_SERVER, f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')


# The check --------------------------------------------------------------------------------------


def environment(database_url, folder):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_ENVIRONMENT}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(folder / "media"),
        # The settings warn when collectstatic has not run; nothing here serves static files.
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
    )
    return env


def check(database, keep):
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database]
    print(f"== Upgrade check on {label}: {OLD_COMMIT} -> {current_revision()} ({ROOT})")
    try:
        require_old_commit()
    except Failure as failure:
        print(f"  FAILED: {failure}")
        return False
    folder = Path(tempfile.mkdtemp(prefix=f"dayuan-upgrade-{database}-"))
    old_tree = folder / "old"
    py = python()
    inside = str(HERE / "inside.py")
    ok = False
    try:
        extract_old_tree(old_tree)
        env = environment(fresh_database(database, folder), folder)
        state, old_snapshot, new_snapshot, reviewed = (
            str(folder / name) for name in ("state.json", "old.json", "new.json", "review.json")
        )

        def old(*args, what):
            return run([py, *args], cwd=old_tree, env=env, what=f"old code: {what}")

        def new(*args, what):
            return run([py, *args], cwd=ROOT, env=env, what=f"new code: {what}")

        seconds = 0.0
        for args, what in [
            (["manage.py", "migrate", "--noinput"], "migrate"),
            (["manage.py", "load_demo_content", "--no-index"], "load_demo_content --no-index"),
            (["manage.py", "import_pages", IMPORT_FIXTURE, "--quiet"], "import_pages"),
            ([inside, "--project", str(old_tree), "build", state], "comments, views, review"),
            (
                [inside, "--project", str(old_tree), "snapshot", state, old_snapshot]
                + ["--order", "render-then-count"],
                "snapshot",
            ),
        ]:
            seconds += old(*args, what=what)[1]
        print(
            f"  old code: migrate, demo content, imported {Path(IMPORT_FIXTURE).name}, comments, "
            f"view counts, a review at the desk step; snapshot taken ({seconds:.0f} s)"
        )

        output, seconds = new("manage.py", "migrate", "--noinput", what="migrate")
        applied = [
            line.split()[1].rstrip(".")
            for line in output.splitlines()
            if line.strip().startswith("Applying")
        ]
        print(f"  new code: migrate applied {', '.join(applied) or 'nothing'} ({seconds:.0f} s)")
        args = [inside, "--project", str(ROOT), "snapshot", state, new_snapshot]
        new(*args, "--order", "count-then-render", what="snapshot")

        result = compare(read(old_snapshot), read(new_snapshot))
        new(inside, "--project", str(ROOT), "review", state, reviewed, what="desk review")
        review = read(reviewed)
        result.problems.extend(f"desk review: {text}" for text in review["problems"])

        report(result, review, read(state))
        ok = not result.problems
    except Failure as failure:
        print(f"  FAILED: {failure}")
    finally:
        if ok and not keep:
            shutil.rmtree(folder, ignore_errors=True)
            try:
                drop_database(database)
            except Failure as failure:
                print(f"  (could not drop the database: {failure})")
        else:
            print(f"  files kept in {folder}")
    return ok


def read(path):
    return json.loads(Path(path).read_text())


def report(result, review, state):
    figures = result.figures
    moved = ", ".join(f"{a} -> {b}" for a, b in sorted(figures["moved"].items()))
    print(f"  moved models: {moved}")
    print(
        f"  compared: {figures['tables']} tables, {figures['rows']} rows; "
        f"{figures['content types relabelled']} content types relabelled; "
        f"{figures['groups']} groups with {figures['group grants']} permissions and members; "
        f"{figures['log entries']} log entries; {figures['comments']} comments; "
        f"{figures['view counts']} view counts; {figures['pages']} reader pages "
        f"({', '.join(state['urls'])})"
    )
    print(f"  desk review: {'; '.join(review['steps'])}")
    for note in result.notes:
        print(f"  note: {note}")
    for problem in result.problems:
        print("  DIFFERENCE: " + problem.replace("\n", "\n    "))
    if result.problems:
        print(f"  RESULT: FAILED, {len(result.problems)} differences")
    else:
        print("  RESULT: OK, nothing lost")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and database"
    )
    args = parser.parse_args()
    sys.exit(0 if check(args.database, args.keep) else 1)


if __name__ == "__main__":
    main()
