from .pages import ArticlePage, ArticlePageQuerySet, SectionPage, SectionTree
from .tags import ArticleTag

__all__ = ["ArticlePage", "ArticlePageQuerySet", "ArticleTag", "SectionPage", "SectionTree"]
