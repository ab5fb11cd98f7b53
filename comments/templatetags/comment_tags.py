from django import template
from django.conf import settings
from django.urls import reverse

from comments.models import Comment, CommentSettings
from comments.posting import comments_closed_reason
from pagecache.content import cached_for_readers, comments_version_key

register = template.Library()


def newest_comments(article):
    """(how many public comments the article has, the newest page of them)."""
    comments = Comment.objects.public().for_article(article).newest()
    shown = list(comments[: settings.DAYUAN_COMMENT_PAGE_SIZE])
    total = len(shown)
    if total == settings.DAYUAN_COMMENT_PAGE_SIZE:
        total = comments.count()
    return total, shown


@register.inclusion_tag("comments/section.html", takes_context=True)
def article_comments(context, article):
    """The approved comments under an article (newest first) and a place for the form."""
    request = context["request"]
    if not article.pk or article.article_number is None:
        # A preview of an article that was never saved: nothing to show or post to.
        return {"total": 0, "comments": [], "closed_reason": "", "form_url": ""}
    total, shown = cached_for_readers(
        request,
        f"comments:{article.pk}",
        lambda: newest_comments(article),
        version_key=comments_version_key(article.pk),
    )
    number = article.article_number
    return {
        "total": total,
        "comments": shown,
        "closed_reason": comments_closed_reason(article, CommentSettings.for_request(request)),
        "form_url": ""
        if getattr(request, "is_preview", False)
        else reverse("comments:form", args=[number]),
        "page_url": reverse("comments:page", args=[number]),
    }
