import hashlib
import json
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from wagtail.models import Site

import segno

from news import addresses
from news.models import SectionTree
from pagecache.backends import near_cache as cache
from video.structured_data import video_objects

register = template.Library()


@register.simple_tag(takes_context=True)
def top_sections(context):
    """The sections directly under the site's home page that are shown in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return SectionTree.current().menu_children(site.root_page)


@register.simple_tag(takes_context=True)
def absolute_url(context, page):
    # The configured site address, never the Host header: cached pages are shared by
    # every reader, and a canonical link or QR code must not carry a client's host.
    return addresses.absolute_url(page.get_url(context["request"]))


@register.filter
def on_site(url):
    """A media address as readers elsewhere reach it: as configured when media live on
    another host, otherwise on the configured site address."""
    if url.startswith(("http://", "https://")):
        return url
    return addresses.absolute_url(url)


@register.simple_tag
def qr_code_svg(address):
    """The address as an inline SVG QR code, drawn on the server: no service, no script."""
    key = "dayuan:qr:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    svg = cache.get(key)
    if svg is None:
        # Encoding costs more than the rest of the article page: keep each code.
        qr = segno.make(address, error="m", micro=False)
        svg = qr.svg_inline(
            scale=4, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr-code"
        )
        cache.set(key, svg, None)
    return mark_safe(svg)  # noqa: S308 - segno emits only path data; the address is not embedded.


@register.simple_tag
def json_ld(data):
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def article_json_ld(context, page):
    address = addresses.absolute_url(page.get_url(context["request"]))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "datePublished": timezone.localtime(page.publish_time).isoformat(),
        "dateModified": timezone.localtime(page.last_published_at or page.publish_time).isoformat(),
        "mainEntityOfPage": address,
        "url": address,
        "author": {"@type": "Person", "name": page.editor_name},
        "inLanguage": "zh-CN",
    }
    if page.summary:
        data["description"] = page.summary
    rendition = page.share_image()
    if rendition:
        data["image"] = [on_site(rendition.url)]
    videos = video_objects(
        page.lead_video,
        page.body,
        title=page.title,
        description=page.summary,
        upload_date=page.publish_time,
        thumbnail=on_site(rendition.url) if rendition else None,
        absolute=on_site,
    )
    if videos:
        data["video"] = videos
    site_settings = context.get("settings")
    if site_settings:
        name = site_settings["home"]["SiteSettings"].site_name
        data["publisher"] = {"@type": "Organization", "name": name}
    return json_ld(data)


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    """Links to the other pages of a listing: `?page=<n>` and nothing else.

    A listing is cached (here and in front) whatever other parameters came with the
    request, so a link that kept them would hand one reader's `?utm_source=…` to every
    reader. Search results keep their query and filters with the search app's own tag.
    """

    def url_for(number):
        return f"?{urlencode({'page': number})}"

    return {
        "page_obj": page_obj,
        "previous_url": url_for(page_obj.previous_page_number())
        if page_obj.has_previous()
        else None,
        "next_url": url_for(page_obj.next_page_number()) if page_obj.has_next() else None,
        "first_url": url_for(1),
        "last_url": url_for(page_obj.paginator.num_pages),
    }
