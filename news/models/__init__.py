from .articles import ArticlePage, ArticlePageQuerySet, ArticleTag
from .comments import Comment, CommentSettings, SensitiveWord
from .counters import ArticleViewCount, DailyArticleViews, ViewCountFlush
from .newsroom import NewsroomReviewTask
from .sections import SectionPage

__all__ = [
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTag",
    "Comment",
    "CommentSettings",
    "ArticleViewCount",
    "DailyArticleViews",
    "NewsroomReviewTask",
    "SectionPage",
    "SensitiveWord",
    "ViewCountFlush",
]
