"""The live blog's JSON-LD: schema.org LiveBlogPosting with every entry as an update."""

from django import template
from django.utils import timezone
from django.utils.html import strip_tags

from news import addresses
from news.templatetags.news_tags import json_ld, on_site

register = template.Library()

# Search engines read the first updates; a day of coverage can hold hundreds.
JSON_LD_UPDATES = 50


@register.simple_tag(takes_context=True)
def live_blog_json_ld(context, page, entries):
    address = addresses.absolute_url(page.get_url(context["request"]))
    newest = entries[0]["posted_at"] if entries else None
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": page.title[:110],
        "url": address,
        "mainEntityOfPage": address,
        "datePublished": timezone.localtime(page.publish_time).isoformat(),
        "dateModified": (newest or timezone.localtime(page.publish_time)).isoformat(),
        "coverageStartTime": timezone.localtime(page.coverage_start).isoformat(),
        "author": {"@type": "Person", "name": page.editor_name},
        "inLanguage": "zh-CN",
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": (entry["headline"] or strip_tags(entry["text"]))[:110],
                "datePublished": entry["posted_at"].isoformat(),
                "articleBody": strip_tags(entry["text"]),
                "url": f"{address}#entry-{entry['id']}",
            }
            for entry in entries[:JSON_LD_UPDATES]
        ],
    }
    if page.closed_at:
        # The coverage has ended: search engines stop treating the page as live.
        data["coverageEndTime"] = timezone.localtime(page.closed_at).isoformat()
    if page.summary:
        data["description"] = page.summary
    if rendition := page.share_image():
        data["image"] = [on_site(rendition.url)]
    site_settings = context.get("settings")
    if site_settings:
        name = site_settings["home"]["SiteSettings"].site_name
        data["publisher"] = {"@type": "Organization", "name": name}
    return json_ld(data)
