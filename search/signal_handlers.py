"""What the search app does when pages, tags or synonym rules change: it keeps the
suggestions current, and a saved or deleted synonym rule takes effect at the next search (the
cached rules go).

Connected by `register_signal_handlers()` from SearchConfig.ready(). The work runs inside the
change's own transaction, so a change rolled back leaves the suggestions as they were.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import suggestions
from search.models import SearchSynonym


def page_published_handler(sender, instance, **kwargs):
    suggestions.refresh_published_page(instance)


def page_unpublished_handler(sender, instance, **kwargs):
    # Sent also by Wagtail's pre_delete of a live page, with the row still live: remove only.
    suggestions.remove_pages([instance.pk])


def page_created(sender, instance, created, raw=False, **kwargs):
    """A page created live without being published (setup code, `add_child()`)."""
    if created and not raw and instance.live:
        suggestions.refresh_pages([instance.pk])


def page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before != url_path_after:  # not a mere reordering among siblings
        suggestions.refresh_subtree(instance)


def restriction_changed(sender, instance, **kwargs):
    """A view restriction added or removed makes a subtree private or public."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        suggestions.refresh_subtree(page)


def site_changed(sender, instance, **kwargs):
    """A site's root page or address changed: the addresses of the pages under it did too."""
    Site.clear_site_root_paths_cache()  # Wagtail's own handler may run after this one
    page = Page.objects.filter(pk=instance.root_page_id).first()
    if page is not None:
        suggestions.refresh_subtree(page)


def tag_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        suggestions.refresh_tags([instance.pk])


def forget_synonyms(sender, **kwargs):
    SearchSynonym.forget_current()
    # Again once the change is committed: a search between the save and the commit may have
    # cached the rules as they were.
    transaction.on_commit(SearchSynonym.forget_current)


def register_signal_handlers():
    page_published.connect(page_published_handler)
    page_unpublished.connect(page_unpublished_handler)
    post_page_move.connect(page_moved)
    for model in apps.get_models():
        if issubclass(model, Page):
            post_save.connect(page_created, sender=model)
    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)
    post_save.connect(site_changed, sender=Site)
    post_delete.connect(site_changed, sender=Site)
    post_save.connect(tag_saved, sender=Tag)
    post_save.connect(forget_synonyms, sender=SearchSynonym, dispatch_uid="search_synonyms_saved")
    post_delete.connect(
        forget_synonyms, sender=SearchSynonym, dispatch_uid="search_synonyms_deleted"
    )
