"""Which cached pages change when content changes, and purging them.

Publishing an article refreshes the article, its sections and their feeds, the home
page and site feed, the sitemap, the pages of its tags (old and new), its previous
and next articles and the articles it lists as related. Changes that show on every
page (a section's title in the navigation, site settings, view restrictions, moves)
refresh everything. Anything else a page shows (most-read lists) expires with the
cache timeout. Forgetting the paths is pagecache.purge's job.
"""

from django.urls import reverse

from taggit.models import Tag

from pagecache.purge import SITE_WIDE_PATHS

from .models import SectionPage


def _relative_path(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None


def tag_path(name):
    return reverse("news:tag", args=[name])


def paths_for_article(article, extra_tag_names=()):
    paths = set(SITE_WIDE_PATHS)
    paths.add(_relative_path(article))
    for section in SectionPage.objects.ancestor_of(article):
        section_path = _relative_path(section)
        if section_path:
            paths.update({section_path, f"{section_path}rss.xml"})
    tag_names = set(article.tags.values_list("name", flat=True)) | set(extra_tag_names)
    paths.update(tag_path(name) for name in tag_names)
    earlier, later = article.previous_and_next()
    neighbours = [
        earlier.first(),
        later.first(),
        *article.related_articles(list(article.tags.all())),
    ]
    paths.update(_relative_path(page) for page in neighbours if page)
    return paths


def previous_tag_names(article):
    """Tags of the revision that was live before this publish, if there was one."""
    revisions = article.revisions.order_by("-created_at", "-id")[1:2]
    for revision in revisions:
        tag_ids = [item.get("tag") for item in revision.content.get("tagged_items", [])]
        return list(
            Tag.objects.filter(pk__in=[pk for pk in tag_ids if pk]).values_list("name", flat=True)
        )
    return []
