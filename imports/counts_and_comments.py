"""What readers left on the old site: view counts and approved comments."""

from comments.clients import address_hash
from comments.models import Comment
from viewcounts.models import ArticleViewCount


def store_view_count(page, count, new):
    """Keep the larger of the stored and the imported count: readers here count too."""
    if count <= 0:
        return False
    if new:
        ArticleViewCount.objects.create(article_id=page.pk, count=count)
        return True
    updated = ArticleViewCount.objects.filter(article_id=page.pk, count__lt=count).update(
        count=count
    )
    if updated:
        return True
    _, created = ArticleViewCount.objects.get_or_create(
        article_id=page.pk, defaults={"count": count}
    )
    return created


def store_comments(page, comments):
    """Approved legacy comments, once each (same time and text on the same article)."""
    if not comments:
        return 0
    existing = set(
        Comment.objects.filter(article_id=page.pk).values_list("created_at", "submitted_text")
    )
    fresh = [c for c in comments if (c.created_at, c.text) not in existing]
    if not fresh:
        return 0
    created = Comment.objects.bulk_create(
        [
            Comment(
                article_id=page.pk,
                nickname=legacy.nickname[:30],
                text=legacy.text,
                submitted_text=legacy.text,
                status=Comment.Status.APPROVED,
                client_hash=address_hash(legacy.ip or "unknown"),
                moderated_at=legacy.created_at,
            )
            for legacy in fresh
        ]
    )
    # created_at is auto_now_add, which bulk_create fills with now: keep the old times.
    for comment, legacy in zip(created, fresh, strict=True):
        comment.created_at = legacy.created_at
    Comment.objects.bulk_update(created, ["created_at"])
    return len(created)
