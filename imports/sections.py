"""Sections of legacy articles: found or created below the home page, and the city check.

A legacy article names its section by the directories of its old address (`gsyl/xinzhou`);
each directory is a section page with that slug, created when missing (titled from the
source, a known city name or, failing both, the directory with a warning). The nearest city
section on the way down is the article's region.
"""

from django.db import transaction

from wagtail.models import Page, Site

from news.cities import CITY_NAMES
from news.models import SectionPage

from .records import ImportProblem

SETUP_HINT = "请先运行 manage.py setup_site --name 网站名称 --hostname 域名"


def home_page():
    """The default site's front page, below which the sections are.

    A bare site's root is Wagtail's placeholder page: sections imported under it would
    never be served at their addresses, so the import refuses until setup_site has run.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ImportProblem(f"站点还没有建立:{SETUP_HINT}")
    home = site.root_page.specific
    if type(home) is Page:
        raise ImportProblem(f"站点首页还是 Wagtail 的占位页面《{home.title}》:{SETUP_HINT}")
    return home


class SectionTree:
    """Section pages by directory path, found or created, and remembered for the run."""

    def __init__(self, home):
        self.home = home
        self.by_path = {}
        self.created = []  # addresses of the sections created, for the summary

    def clear(self):
        self.by_path.clear()

    def section_for(self, article):
        """(section, region): the article's section, created when missing, and the nearest
        city section on the way down to it."""
        parent, region = self.home, None
        for depth in range(1, len(article.section_path) + 1):
            path = article.section_path[:depth]
            section = self.by_path.get(path)
            if section is None:
                section = self.find_or_create(parent, path, article)
                self.by_path[path] = section
            if section.is_city:
                region = section
            parent = section
        return parent, region

    def find_or_create(self, parent, path, article):
        slug = path[-1]
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is not None:
            if not isinstance(existing, SectionPage):
                raise ImportProblem(f"/{'/'.join(path)}/ 已被非栏目页面《{existing.title}》占用")
            return existing
        title = article.section_titles.get(path) or CITY_NAMES.get(slug) or slug
        section = SectionPage(
            title=title,
            slug=slug,
            is_city=slug in CITY_NAMES,
            show_in_menus=len(path) == 1,
        )
        with transaction.atomic():
            parent.add_child(instance=section)
            section.save_revision().publish()
        self.created.append("/" + "/".join(path) + "/")
        if title == slug:
            article.warnings.append(f"新建栏目 /{'/'.join(path)}/ 暂以目录名为标题,请在后台改名")
        return section


def check_region(region, article):
    """Warn when the old article's city is not the city section it lands in."""
    if article.region_name and article.region_name in CITY_NAMES.values():
        region = region.title if region is not None else ""
        if region != article.region_name:
            article.warnings.append(
                f"原文地区“{article.region_name}”与所在栏目的城市“{region or '无'}”不一致"
            )
