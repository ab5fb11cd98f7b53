from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from .addresses import absolute_url


class SiteSitemap(Sitemap):
    """Wagtail's sitemap, with every address on the configured site (news/addresses.py)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = absolute_url(url["location"])
        return urls
