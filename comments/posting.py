"""Turning a valid form into a stored comment, or a clear refusal."""

from django.db import transaction

from . import clients
from .models import Comment, CommentSettings, SensitiveWord
from .moderation import announce


class CommentRefused(Exception):
    """The comment cannot be posted; `message` tells the reader why, `status` the HTTP code."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def comments_closed_reason(article, site_settings):
    if not site_settings.comments_open:
        return "本站暂停评论。"
    if not article.comments_open:
        return "本文已关闭评论。"
    return None


def check_words(nickname, text):
    """(masked nickname, masked text, masked words) — or CommentRefused for a blocked word."""
    word_filter = SensitiveWord.current_filter()
    checked_nickname = word_filter.check(nickname)
    checked_text = word_filter.check(text)
    if checked_nickname.blocked or checked_text.blocked:
        raise CommentRefused("评论含有不允许发布的内容,无法提交。请修改后重试。", 400)
    masked = list(dict.fromkeys(checked_nickname.masked + checked_text.masked))
    return checked_nickname.text, checked_text.text, masked


def post_comment(request, article, cleaned_data):
    """Store the comment; the rate-limit counts are taken last, so a refusal costs nothing."""
    site_settings = CommentSettings.for_request(request)
    if reason := comments_closed_reason(article, site_settings):
        raise CommentRefused(reason, 403)
    nickname, text, masked = check_words(cleaned_data["nickname"], cleaned_data["text"])
    client = clients.client_hash(request)
    try:
        reserved = clients.reserve(client)
    except clients.RateLimited as limited:
        period = "一分钟" if limited.window <= 60 else "一天"
        raise CommentRefused(
            f"评论太频繁了:同一网络{period}内可发表的评论已达上限,请稍后再试。", 429
        ) from None
    post_moderated = site_settings.moderation == CommentSettings.Moderation.POST
    # A comment that hit a word always waits for an editor, whichever way the site moderates.
    status = Comment.Status.PUBLISHED if post_moderated and not masked else Comment.Status.PENDING
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                article=article,
                nickname=nickname,
                text=text,
                submitted_text=cleaned_data["text"],
                status=status,
                flagged_words="、".join(masked),
                client_hash=client,
            )
    except Exception:
        clients.release(reserved)
        raise
    if comment.is_public:
        announce([article.pk], "publish")
    return comment
