"""The gallery page's structured data: schema.org ImageGallery with every photo."""

from django import template
from django.utils import timezone

from news import addresses
from news.templatetags.news_tags import json_ld, on_site

register = template.Library()


@register.simple_tag(takes_context=True)
def gallery_json_ld(context, page, photos, photo_number=1):
    request = context["request"]
    gallery_address = addresses.absolute_url(page.get_url(request))
    address = addresses.absolute_url(page.photo_url(photo_number, request))
    images = []
    for number, photo in enumerate(photos, start=1):
        rendition = photo.share_rendition()
        if rendition is None:
            continue
        image = {
            "@type": "ImageObject",
            "contentUrl": on_site(rendition.url),
            "url": addresses.absolute_url(page.photo_url(number, request)),
            "width": rendition.width,
            "height": rendition.height,
        }
        if photo.caption:
            image["caption"] = photo.caption
        if photo.credit:
            image["creditText"] = photo.credit
        images.append(image)
    data = {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "name": page.title[:110],
        "headline": page.title[:110],
        "url": gallery_address,
        "mainEntityOfPage": address,
        "datePublished": timezone.localtime(page.publish_time).isoformat(),
        "dateModified": timezone.localtime(page.last_published_at or page.publish_time).isoformat(),
        "author": {"@type": "Person", "name": page.editor_name},
        "inLanguage": "zh-CN",
        "numberOfItems": len(photos),
        "image": images,
    }
    if page.summary:
        data["description"] = page.summary
    site_settings = context.get("settings")
    if site_settings:
        name = site_settings["home"]["SiteSettings"].site_name
        data["publisher"] = {"@type": "Organization", "name": name}
    return json_ld(data)


@register.simple_tag(takes_context=True)
def photo_address(context, page, number):
    """The absolute address of photo `number`, as the canonical link and QR code give it."""
    return addresses.absolute_url(page.photo_url(number, context["request"]))


@register.simple_tag(takes_context=True)
def photo_url(context, page, number):
    return page.photo_url(number, context["request"])
