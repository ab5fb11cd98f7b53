"""Tests of the production stack on this machine, through nginx (`make stack`).

They run only when asked for: `make test-stack` (pytest -m stack), against a stack that
is up. `make test` and `make test-browser` leave them out (deselected here, never
skipped), and so does a bare `pytest`. A stack that does not answer is a failure.

The fault tests stop the stack's own processes (an app server, its Redis, its
PostgreSQL), never a service the machine shares: they run last, and each leaves the
stack as it found it.
"""

import pytest

from tests.stack.client import (
    HOST_HEADER,
    STACK_PORT,
    Console,
    Session,
    create_editor,
    get,
    sign_in,
    stack_environment,
)

FAULT_MODULE = "test_faults.py"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "stack: tests against the running production stack (make test-stack)"
    )


def pytest_collection_modifyitems(config, items):
    asked = "stack" in (config.getoption("markexpr") or "")
    if not asked:
        deselected = [item for item in items if item.get_closest_marker("stack")]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker("stack")]
        return
    # Faults last: the other tests need the whole stack.
    items.sort(key=lambda item: item.path.name == FAULT_MODULE)


@pytest.fixture(scope="session")
def stack_env():
    """The stack's environment (database, Redis, SECRET_KEY), once it answers."""
    try:
        status = get("/").status
    except OSError as error:
        pytest.fail(
            f"The stack does not answer on 127.0.0.1:{STACK_PORT} ({error}): run `make stack` "
            "first (`make stack-stop` takes it down).",
            pytrace=False,
        )
    if status != 200:
        pytest.fail(f"The stack's front page answers {status} (Host: {HOST_HEADER})")
    return stack_environment()


@pytest.fixture(scope="session")
def console(stack_env):
    console = Console(stack_env)
    yield console
    console.close()


@pytest.fixture(scope="session")
def editor(console):
    """A superuser's admin session through nginx, past the password and the second step
    (its authenticator created in the stack's database, its code computed as a phone
    would)."""
    username, password, key = create_editor(console)
    session = Session()
    sign_in(session, username, password, key)
    yield session
    console.run(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.filter(username={username!r}).delete()\n"
    )
