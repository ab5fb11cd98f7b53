from django import template
from django.utils import timezone

from news import addresses
from news.templatetags.news_tags import json_ld, on_site

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_json_ld(context, page, columns):
    """schema.org CollectionPage whose ItemList holds every article shown, in page order."""
    request = context["request"]
    address = addresses.absolute_url(page.get_url(request))
    seen, elements = set(), []
    for column in columns:
        for article in column.articles:
            if article.pk in seen:
                continue
            seen.add(article.pk)
            elements.append(
                {
                    "@type": "ListItem",
                    "position": len(elements) + 1,
                    "url": addresses.absolute_url(article.get_url(request)),
                    "name": article.title,
                }
            )
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": page.title,
        "url": address,
        "inLanguage": "zh-CN",
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(elements),
            "itemListElement": elements,
        },
    }
    if page.intro:
        data["description"] = page.intro
    if page.last_published_at:
        data["dateModified"] = timezone.localtime(page.last_published_at).isoformat()
    if rendition := page.share_image():
        data["image"] = [on_site(rendition.url)]
    return json_ld(data)
