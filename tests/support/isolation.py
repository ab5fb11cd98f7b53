"""Run a command without the site's settings variables from the caller's shell.

`make test`, `make check` and `make test-browser` run through this. On a server, the
shell that runs the production site may have DJANGO_SETTINGS_MODULE, DATABASE_URL,
REDIS_URL, MEDIA_ROOT, ELASTICSEARCH_URL or FRONTEND_CACHE_URL exported: the tests would
create their database with the site's login (refused: the suite errors), clear the
site's Redis (the cache and the unwritten view counts), index into its search engine and
purge its front cache. Every variable `site_project/settings/base.py` reads is dropped;
TEST_DATABASE_URL and TEST_REDIS_URL give the tests their own PostgreSQL and Redis (CI).

    python tests/support/isolation.py [--report] [NAME=value ...] command [argument ...]

`--report` names on stderr the variables it left out.
"""

import ast
import os
import sys
from pathlib import Path

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "site_project" / "settings" / "base.py"
# The variables the tests may be pointed at, each by its TEST_ twin.
TEST_SERVICES = ("DATABASE_URL", "REDIS_URL")


def _is_environ(node):
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _reads_environment(call):
    function = call.func
    if isinstance(function, ast.Name):
        return function.id.startswith("env_")
    if isinstance(function, ast.Attribute) and function.attr == "get":
        return _is_environ(function.value)
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "getenv"
        and isinstance(function.value, ast.Name)
        and function.value.id == "os"
    )


def settings_variables(source=None):
    """Every environment variable the settings read, found in base.py's source.

    Read from the source, not by importing it: a branch not taken (S3, Elasticsearch,
    the file cache) still names its variables. `os.environ.get(...)`, `os.environ[...]`,
    `os.getenv(...)`, `"X" in os.environ` and base.py's own `env_*("X")` helpers count.
    """
    tree = ast.parse(SETTINGS_FILE.read_text() if source is None else source)
    names = {"DJANGO_SETTINGS_MODULE"}
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Call) and node.args and _reads_environment(node):
            name = _string(node.args[0])
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            name = _string(node.slice)
        elif isinstance(node, ast.Compare) and any(map(_is_environ, node.comparators)):
            name = _string(node.left)
        if name:
            names.add(name)
    return names


def isolated_environment(environ):
    """`environ` without the settings variables, with TEST_DATABASE_URL/TEST_REDIS_URL applied."""
    dropped = settings_variables()
    environment = {name: value for name, value in environ.items() if name not in dropped}
    for name in TEST_SERVICES:
        if environ.get(f"TEST_{name}"):
            environment[name] = environ[f"TEST_{name}"]
    return environment


def main(arguments):
    report = bool(arguments) and arguments[0] == "--report"
    if report:
        arguments = arguments[1:]
    environment = isolated_environment(os.environ)
    while arguments and "=" in arguments[0] and not arguments[0].startswith("-"):
        name, value = arguments[0].split("=", 1)
        environment[name] = value
        arguments = arguments[1:]
    if not arguments:
        sys.exit(__doc__)
    left_out = sorted(
        name
        for name in settings_variables()
        if name in os.environ and os.environ[name] != environment.get(name)
    )
    if report and left_out:
        print(
            f"测试不使用当前环境里的 {', '.join(left_out)}(可能是正式站点的配置);"
            "测试用的 PostgreSQL、Redis 请用 TEST_DATABASE_URL、TEST_REDIS_URL 指定。",
            file=sys.stderr,
        )
    os.execvpe(arguments[0], arguments, environment)  # noqa: S606 - the Makefile's own command


if __name__ == "__main__":
    main(sys.argv[1:])
