from .articles import ArticlePage, ArticlePageQuerySet, ArticleTag
from .counters import ArticleViewCount, DailyArticleViews
from .sections import SectionPage

__all__ = [
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTag",
    "ArticleViewCount",
    "DailyArticleViews",
    "SectionPage",
]
