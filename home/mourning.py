"""Mourning mode (全站变灰): cached pages follow the schedule in the site settings.

Each page works out at render time whether it is grey (`SiteSettings.in_mourning`), but a
page cached before the start would stay colourful. So at each boundary the whole site is
purged, exactly as `manage.py purge_cache` does (page cache, content cache and every
address in the front cache). The worker checks once a run (`run_worker`, every minute);
saving the settings checks at once. `mourning_applied` records the state last purged
for, so a boundary is purged once, not every minute.
"""

import io
import logging

from django.core.management import call_command
from django.utils import timezone

from .models import SiteSettings

logger = logging.getLogger(__name__)


def purge_whole_site():
    # The same path as an operator's `manage.py purge_cache`; raises CommandError when
    # the front cache did not take every purge, so the state stays unapplied and retried.
    call_command("purge_cache", stdout=io.StringIO(), stderr=io.StringIO())


def apply_mourning(now=None):
    """Purge everything if some site's mourning state changed since the last purge.

    Returns the list of (site settings, now active) that were applied.
    """
    now = now or timezone.now()
    changed = [
        (settings, settings.mourning_active(now))
        for settings in SiteSettings.objects.select_related("site")
        if settings.mourning_active(now) != settings.mourning_applied
    ]
    if not changed:
        return []
    purge_whole_site()
    for settings, active in changed:
        # Plain update: no save signal, which would purge again.
        SiteSettings.objects.filter(pk=settings.pk).update(mourning_applied=active)
    return changed


def apply_mourning_quietly():
    """After an editor saves the settings: a failed purge must not fail the save.

    The worker retries within a minute, as the state stays unapplied.
    """
    try:
        return apply_mourning()
    except Exception:
        logger.exception("Mourning mode: purging the whole site failed; the worker retries")
        return []


def worker_job():
    """A `run_worker_job` hook: one line for the worker's output when something changed."""
    changed = apply_mourning()
    return [
        f"{settings.site}:全站变灰{'开始' if active else '结束'},已清除全部缓存。"
        for settings, active in changed
    ]
