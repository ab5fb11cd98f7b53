"""What editors do to comments; every change is logged and announced.

All admin paths (row buttons, bulk actions, the edit form) go through these
functions, so each approval or rejection lands in Wagtail's log with who and when,
and every change readers can see sends `comments_changed` for that article.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from .models import Comment
from .signals import comments_changed

# Stored in log entries: the names stay as they were when comments lived in news.
APPROVE = "news.comment.approve"
REJECT = "news.comment.reject"
REPLY = "news.comment.reply"

LOG_ACTIONS = [
    (APPROVE, "评论通过审核", "评论通过审核"),
    (REJECT, "评论未通过审核", "评论未通过审核"),
    (REPLY, "回复评论", "编辑回复了评论"),
]


def announce(article_ids, action):
    for article_id in sorted(set(article_ids)):
        transaction.on_commit(
            lambda article_id=article_id: comments_changed.send(
                sender=Comment, article_id=article_id, action=action
            )
        )


def _set_status(comments, status, user, action):
    changed_articles = []
    count = 0
    with transaction.atomic():
        for comment in comments:
            if comment.status == status:
                continue
            was_public = comment.is_public
            comment.status = status
            comment.moderated_by = user
            comment.moderated_at = timezone.now()
            comment.save(update_fields=["status", "moderated_by", "moderated_at"])
            log(instance=comment, action=action, user=user)
            count += 1
            if was_public != comment.is_public:
                changed_articles.append(comment.article_id)
    announce(changed_articles, "approve" if action == APPROVE else "reject")
    return count


def approve(comments, user):
    """Show the comments to readers; returns how many changed."""
    return _set_status(comments, Comment.Status.APPROVED, user, APPROVE)


def reject(comments, user):
    """Hide the comments from readers; returns how many changed."""
    return _set_status(comments, Comment.Status.REJECTED, user, REJECT)


def reply(comment, text, user):
    """Set (or clear, with an empty text) the editors' reply shown under a comment."""
    text = text.strip()
    if text == comment.reply_text:
        return False
    comment.reply_text = text
    comment.replied_by = user if text else None
    comment.replied_at = timezone.now() if text else None
    comment.save(update_fields=["reply_text", "replied_by", "replied_at"])
    log(instance=comment, action=REPLY, user=user)
    if comment.is_public:
        announce([comment.article_id], "reply")
    return True
