"""Card images of cached listings, and pictures whose srcset lists each width once."""

from wagtail.images.image_operations import FormatOperation
from wagtail.images.models import Picture

from watermarks.specs import watermarked_specs

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
            article.featured_image.get_renditions(*watermarked_specs(CARD_RENDITIONS))
    return articles


class DistinctWidthPicture(Picture):
    """Wagtail's `<picture>`, with each width listed once per format.

    Wagtail never enlarges: asked for 480, 960 and 1440 pixels of an 800-pixel photo it
    returns 480, 800 and 800, and a srcset naming one width twice is invalid HTML (the
    browser drops the whole attribute). The first rendition of each width is kept. When
    one rendition per format is left, `sizes` goes too: it only means something beside
    width candidates, and an `<img>` with `sizes` but no srcset is invalid as well.
    """

    def __init__(self, renditions, attrs=None):
        kept, seen = {}, set()
        for spec, rendition in renditions.items():
            image_format = next(
                (name for name in FormatOperation.supported_formats if f"format-{name}" in spec),
                None,
            )
            if (image_format, rendition.width) not in seen:
                seen.add((image_format, rendition.width))
                kept[spec] = rendition
        super().__init__(kept, attrs)
        groups = self.formats.values() if self.formats else [self.renditions]
        if max(map(len, groups)) <= 1 and self.attrs:
            self.attrs = {name: value for name, value in self.attrs.items() if name != "sizes"}
