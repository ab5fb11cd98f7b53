"""Topics in the article page (its back-links) through news's `article_topics` hook."""

from wagtail import hooks

from pagecache.content import cached_for_readers

from .models import TopicPage


@hooks.register("article_topics")
def topics_containing_article(request, article):
    """Live topics that show the article by hand or by one of its tags, newest first.

    Kept until content changes: publishing an article or a topic changes the token.
    """
    if not article.pk:
        return []
    return cached_for_readers(
        request,
        f"article-topics:{article.pk}",
        lambda: list(
            TopicPage.objects.live()
            .public()
            .showing_article(article.pk)
            .defer_streamfields()
            .newest()
        ),
    )
