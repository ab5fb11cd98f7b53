"""What the live blogs do when their entries or pages change.

Connected by `register_signal_handlers()` from LiveblogsConfig.ready().
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.search import index
from wagtail.signals import page_unpublished

from pagecache.purge import purge

from .entries import entries_json_path, forget_entries
from .models import LiveBlogEntry, LiveBlogPage


def entry_changed(sender, instance, **kwargs):
    try:
        blog = instance.blog
    except LiveBlogPage.DoesNotExist:  # deleted with its live blog
        return
    forget_entries(blog)
    # Entry text is part of the page's search document (LiveBlogPage.search_fields).
    transaction.on_commit(lambda: reindex(blog.pk))


def reindex(blog_id):
    # Looked up again: entries are also deleted with their page, which must stay out of
    # the index.
    blog = LiveBlogPage.objects.filter(pk=blog_id).first()
    if blog is not None:
        index.insert_or_update_object(blog)


def blog_unpublished(sender, instance, **kwargs):
    # news purges the page itself; a poll must not keep getting entries either.
    transaction.on_commit(lambda: purge([entries_json_path(instance)]))


def register_signal_handlers():
    post_save.connect(entry_changed, sender=LiveBlogEntry)
    post_delete.connect(entry_changed, sender=LiveBlogEntry)
    page_unpublished.connect(blog_unpublished, sender=LiveBlogPage)
