"""Scheduled publishing: what the worker does every minute.

Wagtail stores go-live and expiry times (北京时间 in the editor, UTC in the database)
but acts on them only when `publish_scheduled` runs. Publishing and unpublishing send
Wagtail's signals, so the page cache is purged exactly as when an editor clicks.
Wagtail 8 hands some work (reference index, image focal points, CDN purges) to
django-tasks; with the default ImmediateBackend that work is done at once and nothing
waits in a queue, so there is nothing else to run here until TASKS names a queue backend.
"""

import io
import logging

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Revision

from django_tasks import task_backends

logger = logging.getLogger(__name__)


IMMEDIATE_BACKENDS = (
    "django_tasks.backends.immediate.ImmediateBackend",
    "django.tasks.backends.immediate.ImmediateBackend",
)


def queued_task_backends():
    """Task backends that keep work for a worker of their own (none by default)."""
    return [
        f"{alias}: {params['BACKEND']}"
        for alias, params in task_backends.settings.items()
        if params["BACKEND"] not in IMMEDIATE_BACKENDS
    ]


def due_counts(now=None):
    """(revisions due to go live, live pages past their expiry time)."""
    now = now or timezone.now()
    return (
        Revision.objects.filter(approved_go_live_at__lt=now).count(),
        Page.objects.filter(live=True, expire_at__lt=now).count(),
    )


def run_due_jobs():
    """Publish and unpublish what is due; returns (published, unpublished)."""
    to_publish, to_expire = due_counts()
    if to_publish or to_expire:
        call_command("publish_scheduled", stdout=io.StringIO())
        logger.info("Scheduled publishing: %d published, %d unpublished", to_publish, to_expire)
    return to_publish, to_expire
