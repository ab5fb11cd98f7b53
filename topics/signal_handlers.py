"""What topics do when pages change.

A published topic writes what it draws on into its lookup tables; an article that is
published, unpublished or deleted purges the topic pages and feeds that show it.
Connected by `register_signal_handlers()` from TopicsConfig.ready().
"""

from django.db.models.signals import pre_delete

from wagtail.signals import page_published, page_unpublished

from news.invalidation import previous_tag_names
from news.models import ArticlePage
from pagecache.content import content_changed
from pagecache.purge import purge

from .invalidation import paths_for_article
from .models import TopicPage


def _current_tag_names(article):
    return set(article.tags.values_list("name", flat=True))


def page_published_handler(sender, instance, **kwargs):
    if isinstance(instance, TopicPage):
        instance.record_live_rules()
        # news purged everything already; articles' back-links are read after this.
        content_changed()
    elif isinstance(instance, ArticlePage):
        tag_names = _current_tag_names(instance) | set(previous_tag_names(instance))
        purge(paths_for_article(instance, tag_names))


def page_unpublished_handler(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        purge(paths_for_article(instance, _current_tag_names(instance)))


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage) and instance.live:
        purge(paths_for_article(instance, _current_tag_names(instance)))


def register_signal_handlers():
    page_published.connect(page_published_handler)
    page_unpublished.connect(page_unpublished_handler)
    pre_delete.connect(page_deleted)
