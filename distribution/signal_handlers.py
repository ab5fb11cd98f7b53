"""Publishing queues the page's address for the search engines (distribution/pushing.py).

Connected by `register_signal_handlers()` from DistributionConfig.ready().
"""

from wagtail.signals import page_published

from .pushing import queue_page


def page_published_handler(sender, instance, **kwargs):
    queue_page(instance)


def register_signal_handlers():
    page_published.connect(page_published_handler, dispatch_uid="distribution-queue-push")
