"""What follows a change readers can see: every photo address of a gallery is purged.

news purges a gallery's own address as it does an article's (news/invalidation.py); the
photo addresses (`<number>_<k>.html`) are this app's, and each is a cached page of its
own. A gallery that lost photos keeps its old count's addresses in caches until purged,
so the previous revision's count counts too. Connected by `register_signal_handlers()`
from GalleriesConfig.ready().
"""

from django.db.models.signals import pre_delete

from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from comments.signals import comments_changed
from news.models import ArticlePage
from pagecache.purge import purge

from .models import GalleryPage


def previous_photo_count(gallery):
    """How many photos the revision live before this publish had (0 without one)."""
    for revision in gallery.revisions.order_by("-created_at", "-id")[1:2]:
        return len(revision.content.get("gallery_images", []))
    return 0


def gallery_paths(gallery, extra_count=0):
    count = max(gallery.gallery_images.count(), extra_count)
    return gallery.photo_paths(count)


def neighbour_gallery_paths(article):
    """Photo addresses of galleries that list `article` beside them (上一篇, 下一篇, 相关)."""
    earlier, later = article.previous_and_next()
    neighbour_ids = {
        page.pk
        for page in (
            earlier.first(),
            later.first(),
            *article.related_articles(list(article.tags.all())),
        )
        if page
    }
    paths = []
    for gallery in GalleryPage.objects.filter(pk__in=neighbour_ids).defer_streamfields():
        paths.extend(gallery_paths(gallery))
    return paths


def article_published(sender, instance, **kwargs):
    if not isinstance(instance, ArticlePage):
        return
    paths = neighbour_gallery_paths(instance)
    if isinstance(instance, GalleryPage):
        paths.extend(gallery_paths(instance, previous_photo_count(instance)))
        # The page was indexed by its own save, before modelcluster wrote the photo rows:
        # index it again, so search finds the captions it was published with.
        index.insert_or_update_object(instance)
    purge(paths)


def article_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, ArticlePage):
        return
    paths = neighbour_gallery_paths(instance)
    if isinstance(instance, GalleryPage):
        paths.extend(gallery_paths(instance))
    purge(paths)


def gallery_deleted(sender, instance, **kwargs):
    if isinstance(instance, GalleryPage) and instance.live:
        purge(gallery_paths(instance))


def gallery_comments_changed(sender, article_id, **kwargs):
    """Every photo address shows the comments too."""
    gallery = GalleryPage.objects.filter(pk=article_id).defer_streamfields().first()
    if gallery is not None:
        purge(gallery_paths(gallery))


def register_signal_handlers():
    page_published.connect(article_published)
    page_unpublished.connect(article_unpublished)
    pre_delete.connect(gallery_deleted)
    comments_changed.connect(gallery_comments_changed)
