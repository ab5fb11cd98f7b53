from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.models import ArticlePage
from news.models.comments import Comment, CommentSettings

from .moderation import announce
from .signals import comments_changed


@receiver(post_delete, sender=Comment)
def public_comment_deleted(sender, instance, **kwargs):
    if instance.is_public:
        announce([instance.article_id], "delete")


@receiver(comments_changed)
def purge_article_page(sender, article_id, **kwargs):
    """The article's cached page shows its comments and their count: drop it."""
    from news.content_cache import forget_comments
    from news.invalidation import purge

    forget_comments(article_id)

    article = ArticlePage.objects.filter(pk=article_id).defer_streamfields().first()
    parts = article.get_url_parts() if article else None
    if parts:
        purge([parts[2]])


@receiver(post_save, sender=CommentSettings)
def comment_settings_changed(sender, created=False, **kwargs):
    """The site-wide switch shows under every article (a created row has the defaults)."""
    from news.invalidation import purge_everything

    if not created:
        purge_everything()
