from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

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
