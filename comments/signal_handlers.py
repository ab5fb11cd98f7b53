"""What follows a change readers can see in the comments: the article's cached page goes.

Connected by `register_signal_handlers()` from CommentsConfig.ready().
"""

from django.db.models.signals import post_delete, post_save

from news.models import ArticlePage
from pagecache.content import forget_comments
from pagecache.purge import purge, purge_everything

from .models import Comment, CommentSettings
from .moderation import announce
from .signals import comments_changed


def public_comment_deleted(sender, instance, **kwargs):
    if instance.is_public:
        announce([instance.article_id], "delete")


def purge_article_page(sender, article_id, **kwargs):
    """The article's cached page shows its comments and their count: drop it."""
    forget_comments(article_id)
    article = ArticlePage.objects.filter(pk=article_id).defer_streamfields().first()
    parts = article.get_url_parts() if article else None
    if parts:
        purge([parts[2]])


def comment_settings_changed(sender, created=False, **kwargs):
    """The site-wide switch shows under every article (a created row has the defaults)."""
    if not created:
        purge_everything()


def register_signal_handlers():
    post_delete.connect(public_comment_deleted, sender=Comment)
    comments_changed.connect(purge_article_page)
    post_save.connect(comment_settings_changed, sender=CommentSettings)
