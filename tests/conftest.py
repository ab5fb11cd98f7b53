import pytest


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` only mean something there: leave them out elsewhere.

    They are deselected, not skipped, so a SQLite run never counts them as passing;
    `.ci/run` runs the whole suite again on PostgreSQL, where they run.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgresql") else kept).append(item)
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


@pytest.fixture
def site_tree(db):
    from tests.factories import build_site

    return build_site()
