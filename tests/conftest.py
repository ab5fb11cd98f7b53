import pytest


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` or `redis` only mean something there: leave them out elsewhere.

    They are deselected, not skipped, so a SQLite run never counts them as passing;
    `.ci/run` runs the whole suite again on PostgreSQL, where they run.
    """
    from django.conf import settings
    from django.db import connection

    unavailable = set()
    if connection.vendor != "postgresql":
        unavailable.add("postgresql")
    if not settings.REDIS_URL:
        unavailable.add("redis")
    kept, deselected = [], []
    for item in items:
        marked = any(item.get_closest_marker(name) for name in unavailable)
        (deselected if marked else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, whichever backend the run uses."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_view_buffer():
    """Views a test buffered and never flushed must not land in the next test's database.

    The Redis buffer has a database of its own, which clearing the cache leaves alone.
    """
    from viewcounts.buffers import reset_view_buffer, view_buffer

    reset_view_buffer()
    view_buffer().discard()
    yield
    reset_view_buffer()  # the test may have built one from settings it overrode
    view_buffer().discard()
    reset_view_buffer()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_step(monkeypatch):
    """`client.force_login(user)` skips signing in, so it skips the second step as well: a
    主编 or superuser gets a verified session, as after a correct code (docs/two-factor.md).

    Tests of the second step sign in with `client.login()` or the admin's real form.
    """
    from django.test import Client

    from tests.support.twofactor import pass_second_step

    force_login = Client.force_login

    def force_login_with_second_step(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_step(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_step)


@pytest.fixture
def site_tree(db):
    from tests.support.factories import build_site

    return build_site()


@pytest.fixture(autouse=True)
def _rate_limit_windows_start_with_the_test(monkeypatch):
    """Rate limits count in fixed windows (throttle/limits.py): a burst of requests that
    crossed a minute boundary would be split between two windows and not be refused.

    For the limits, each test's clock starts on a day boundary (a boundary of every window
    size) and runs at the real pace, so a test shorter than a minute stays in one window.
    """
    import time
    from types import SimpleNamespace

    from throttle import limits

    started = time.time()
    day_boundary = 86_400 * 20_000
    monkeypatch.setattr(
        limits, "time", SimpleNamespace(time=lambda: day_boundary + time.time() - started)
    )
