"""Card images of cached listings."""

# What a card's `{% picture ... format-{webp,jpeg} fill-{480x320,960x640} %}` asks for
# (templates/includes/article_card.html and the home page's slides).
CARD_RENDITIONS = tuple(
    f"format-{image_format}|fill-{size}"
    for image_format in ("webp", "jpeg")
    for size in ("480x320", "960x640")
)


def with_card_renditions(articles):
    """`articles`, each prefetched featured image holding every card rendition.

    Listings are cached with the renditions prefetched when they were built, and Wagtail
    trusts a prefetched list: a rendition missing from it (a new image's, which the first
    render creates) would be generated again on every render of the cached listing.
    """
    for article in articles:
        field = article._meta.get_field("featured_image")
        if field.is_cached(article) and article.featured_image is not None:
            article.featured_image.get_renditions(*CARD_RENDITIONS)
    return articles
