"""The site's skeleton: front page, Site record, site settings and the section tree.

`setup_site` builds it for a real site and the demo loader builds the same one, so a
production site and `make run` share one tree. Every step finds before it creates:
running it again changes nothing that is already right.
"""

import json

from django.db import transaction

from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings
from news.cities import CITY_NAMES
from news.models import SectionPage
from newsroom import desks

CITY_PARENT_SLUG = "gsyl"
# (title, slug, intro) of the sections under the front page; the cities go under gsyl.
TOP_SECTIONS = [
    ("山西要闻", "sxyw", "全省重要新闻"),
    ("各市要闻", CITY_PARENT_SLUG, "山西十一个地级市的新闻"),
    ("社会", "shehui", "民生与社会新闻"),
    ("经济", "jingji", "产业、企业与市场"),
    ("文旅", "wenlv", "文化、旅游与非遗"),
]


def default_tree():
    """The portal's usual tree as setup_site's file format: the 11 cities under 各市要闻."""
    cities = [
        {"title": name, "slug": slug, "intro": f"{name}市新闻", "is_city": True}
        for slug, name in CITY_NAMES.items()
    ]
    return [
        {
            "title": title,
            "slug": slug,
            "intro": intro,
            "children": cities if slug == CITY_PARENT_SLUG else [],
        }
        for title, slug, intro in TOP_SECTIONS
    ]


class TreeFileError(ValueError):
    pass


def read_tree(path):
    """A section tree from a JSON file: [{"title", "slug", "intro"?, "is_city"?, "children"?}]."""
    try:
        with open(path, encoding="utf-8") as handle:
            tree = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TreeFileError(f"栏目文件无法读取:{error}") from error
    check_tree(tree)
    return tree


def check_tree(nodes, where="顶层"):
    if not isinstance(nodes, list):
        raise TreeFileError(f"{where}应为栏目列表")
    slugs = set()
    for node in nodes:
        if not isinstance(node, dict) or not node.get("title") or not node.get("slug"):
            raise TreeFileError(f"{where}的每个栏目都要有 title 和 slug")
        slug = str(node["slug"])
        if not slug.isascii() or not slug.replace("-", "").isalnum():
            raise TreeFileError(f"栏目地址 {slug!r} 只能用字母、数字和连字符")
        if slug in slugs:
            raise TreeFileError(f"{where}有重复的栏目地址 {slug!r}")
        slugs.add(slug)
        check_tree(node.get("children", []), where=f"栏目 {slug}")


class SiteBuilder:
    """Finds or creates each part; `created` counts what it had to create."""

    def __init__(self):
        self.created = 0

    @transaction.atomic
    def build(self, *, name, hostname=None, port=None, tree=None):
        home = self.ensure_home_page(name)
        self.ensure_site(home, name, hostname, port)
        self.ensure_site_settings(home, name)
        sections = self.ensure_sections(home, default_tree() if tree is None else tree)
        # The desks of the city sections and the two-step review on every top section.
        desks.setup_newsroom()
        return home, sections

    def ensure_home_page(self, name):
        home = HomePage.objects.first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        # Wagtail's installer leaves a placeholder ("Welcome to your new Wagtail site!") in
        # the slug the front page needs.
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        home = root.add_child(instance=HomePage(title=name, slug="home"))
        home.save_revision().publish()
        self.created += 1
        return home

    def ensure_site(self, home, name, hostname, port):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(is_default_site=True, hostname=hostname or "localhost", port=port or 80)
        changed = {
            "root_page_id": home.pk,
            "site_name": site.site_name or name,
            **({"hostname": hostname} if hostname else {}),
            **({"port": port} if port else {}),
        }
        if site.pk is None or any(getattr(site, key) != value for key, value in changed.items()):
            for key, value in changed.items():
                setattr(site, key, value)
            site.save()
        return site

    def ensure_site_settings(self, home, name):
        site = Site.objects.get(root_page=home, is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        if site_settings.site_name != name:
            site_settings.site_name = name
            site_settings.save()

    def ensure_sections(self, parent, nodes):
        sections = {}
        for node in nodes:
            section = self.ensure_section(
                parent,
                node["title"],
                node["slug"],
                node.get("intro", ""),
                is_city=bool(node.get("is_city", node["slug"] in CITY_NAMES)),
            )
            sections[node["slug"]] = section
            sections.update(self.ensure_sections(section, node.get("children", [])))
        return sections

    def ensure_section(self, parent, title, slug, intro="", is_city=False):
        existing = SectionPage.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        section = parent.add_child(
            instance=SectionPage(
                title=title, slug=slug, intro=intro, is_city=is_city, show_in_menus=True
            )
        )
        section.save_revision().publish()
        self.created += 1
        return section
