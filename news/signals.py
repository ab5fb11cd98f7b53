from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .content_cache import content_changed
from .models.counters import forget_live_article
from .models.visibility import forget_restricted_paths


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, **kwargs):
    forget_restricted_paths()


@receiver(post_page_move)
def update_regions_after_move(sender, instance, **kwargs):
    """A moved article, or a moved section's articles, may now sit in another city."""
    from .models import ArticlePage

    forget_restricted_paths()  # a restricted section may have moved

    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path is None:
        return
    for article in (
        ArticlePage.objects.filter(path__startswith=path).defer_streamfields().iterator()
    ):
        region = article.find_region()
        if article.region_id != (region.pk if region else None):
            ArticlePage.objects.filter(pk=article.pk).update(region=region)


# Page cache invalidation -----------------------------------------------------


@receiver(page_published)
def article_or_section_published(sender, instance, **kwargs):
    from .invalidation import paths_for_article, previous_tag_names, purge, purge_everything
    from .models import ArticlePage

    if isinstance(instance, ArticlePage):
        content_changed()
        purge(paths_for_article(instance, previous_tag_names(instance)))
    else:
        purge_everything()


@receiver(page_unpublished)
def page_unpublished_handler(sender, instance, **kwargs):
    from .invalidation import paths_for_article, purge, purge_everything
    from .models import ArticlePage

    if isinstance(instance, ArticlePage):
        content_changed()
        forget_live_article(instance.article_number)
        purge(paths_for_article(instance))
    else:
        purge_everything()


@receiver(pre_delete)
def page_deleted(sender, instance, **kwargs):
    from .invalidation import paths_for_article, purge, purge_everything
    from .models import ArticlePage, SectionPage

    if isinstance(instance, ArticlePage) and instance.live:
        content_changed()
        forget_live_article(instance.article_number)
        purge(paths_for_article(instance))
    elif isinstance(instance, SectionPage):
        purge_everything()


@receiver(post_page_move)
def page_moved_purge(sender, instance, **kwargs):
    from .invalidation import purge_everything

    purge_everything()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed_purge(sender, **kwargs):
    from .invalidation import purge_everything

    purge_everything()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, **kwargs):
    from .invalidation import purge_everything

    purge_everything()
