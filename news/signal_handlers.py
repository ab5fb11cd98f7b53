"""What news does when pages change: regions follow moves, cached pages are purged.

Connected by `register_signal_handlers()` from NewsConfig.ready().
"""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from pagecache.content import content_changed
from pagecache.purge import purge, purge_everything
from viewcounts.models import forget_live_article

from .invalidation import paths_for_article, previous_tag_names
from .models import ArticlePage, SectionPage
from .models.visibility import forget_restricted_paths


def restriction_changed(sender, **kwargs):
    forget_restricted_paths()
    purge_everything()


def page_moved(sender, instance, **kwargs):
    """A moved article, or a moved section's articles, may now sit in another city."""
    forget_restricted_paths()  # a restricted section may have moved
    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path is not None:
        for article in (
            ArticlePage.objects.filter(path__startswith=path).defer_streamfields().iterator()
        ):
            region = article.find_region()
            if article.region_id != (region.pk if region else None):
                ArticlePage.objects.filter(pk=article.pk).update(region=region)
    purge_everything()


def page_published_handler(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        content_changed()
        purge(paths_for_article(instance, previous_tag_names(instance)))
    else:
        purge_everything()


def article_gone(article):
    """An article readers could see is unpublished or deleted."""
    content_changed()
    forget_live_article(article.article_number)
    purge(paths_for_article(article))


def page_unpublished_handler(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        article_gone(instance)
    else:
        purge_everything()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage) and instance.live:
        article_gone(instance)
    elif isinstance(instance, SectionPage):
        purge_everything()


def site_changed(sender, **kwargs):
    purge_everything()


def register_signal_handlers():
    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)
    post_page_move.connect(page_moved)
    page_published.connect(page_published_handler)
    page_unpublished.connect(page_unpublished_handler)
    pre_delete.connect(page_deleted)
    post_save.connect(site_changed, sender=Site)
    post_delete.connect(site_changed, sender=Site)
