"""Compare two snapshots (inside.py snapshot) of one database: before and after the upgrade.

`compare(old, new)` returns a Result: problems (anything lost or changed), notes (what the
upgrade added, and accepted differences) and the figures for the report.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

import segno

EXAMPLES = 5  # rows shown per kind of difference
DIFF_LINES = 60  # lines of a page's unified diff shown

# Differences between two requests for the same page, whatever the code: the CSRF token and
# the captcha key (a new one per form). Nothing else is normalised.
PER_REQUEST = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1[csrf]"),
    (re.compile(r"(/captcha/(?:image|audio)/)[0-9a-f]{40}"), r"\1[captcha]"),
    (re.compile(r'(name="captcha_0" value=")[0-9a-f]{40}'), r"\1[captcha]"),
]

# Differences the new code makes on purpose, matched line by line, narrowly, and listed in the
# report every time they occur: (what, check); check(old line, new line, page's URL) -> accepted.
META_DESCRIPTION = re.compile(
    r'^\s*<meta (?:name="description"|property="og:description") content="([^"]*)">\s*$'
)


def _summary_with_ellipsis(old_line, new_line, url):
    """98c1634 made ArticlePage.listing_summary news.text.first_paragraph: an article without a
    summary describes itself by its first paragraph cut at 119 characters plus "…" (whitespace
    collapsed) instead of cut at 120."""
    old, new = META_DESCRIPTION.match(old_line), META_DESCRIPTION.match(new_line)
    if not (old and new) or not new.group(1).endswith("…"):
        return False
    return " ".join(old.group(1).split())[:119] == new.group(1)[:-1]


# Absolute addresses come from the configured site address (news/addresses.py: SITE_URL, else
# WAGTAILADMIN_BASE_URL), no longer from the Site record (localhost:80, for the feeds) or the
# request's Host header (the checker's client sends the Site's hostname): a cached page is
# shared by every reader. check_upgrade.py clears SITE_URL, so the new address is the test
# settings' WAGTAILADMIN_BASE_URL.
OLD_SITE_ADDRESS = "http://localhost"
NEW_SITE_ADDRESS = "http://testserver"  # site_project/settings/test.py
# Only these lines, and in them only an address that starts an attribute, a JSON string or
# an element's text: the canonical link, og:url, og:image, the JSON-LD, the article's 本文地址
# line and the RSS feed (all on one line).
ADDRESS_LINE = re.compile(
    r'^\s*(?:<link rel="canonical" href="|<meta property="og:url" content="'
    r'|<meta property="og:image" content="'
    r'|<script type="application/ld\+json">\{"@context": "https://schema\.org", '
    r'|<p>本文地址:<a class="article__address" href="|<rss version="2\.0" )'
)
OLD_ADDRESS = re.compile(
    r'(href="|content="|": "|": \["|<link>|<guid>|">)' + re.escape(OLD_SITE_ADDRESS) + r"(?=/)"
)


def _configured_site_address(old_line, new_line, url):
    """94b69f6 (feeds) and 24cc786 (canonical link, og:url, JSON-LD, 本文地址): the same line
    with the configured site address in place of the old one, and nothing else changed."""
    if not ADDRESS_LINE.match(old_line):
        return False
    expected, replaced = OLD_ADDRESS.subn(rf"\g<1>{NEW_SITE_ADDRESS}", old_line)
    return replaced > 0 and expected == new_line


def _qr_svg(address):
    """news/templatetags/news_tags.py qr_code_svg, as both codes draw it."""
    return segno.make(address, error="m", micro=False).svg_inline(
        scale=4, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr-code"
    )


def _qr_code_of_new_address(old_line, new_line, url):
    """24cc786: the QR code under an article encodes the configured site address: both lines
    are exactly the codes of the page's URL on the old and on the new address."""
    return old_line == _qr_svg(OLD_SITE_ADDRESS + url) and new_line == _qr_svg(
        NEW_SITE_ADDRESS + url
    )


SUGGEST_ATTRIBUTE = ' data-suggest-url="/search/suggest/"'
SUGGEST_SCRIPT = '<script src="/static/search/suggest.js" defer></script>'


def _search_box_suggests(old_line, new_line, url):
    """The search boxes (header, search page) name the suggestion endpoint (issue 16): the
    same <form role="search"> with the one attribute added, nothing else changed."""
    stripped = old_line.strip()
    return (
        stripped.startswith("<form ")
        and 'role="search"' in stripped
        and stripped.endswith(">")
        and new_line == old_line[: old_line.rindex(">")] + SUGGEST_ATTRIBUTE + ">"
    )


def _suggestion_script(new_line, url):
    """The suggestion script every page loads after site.js (search/static/search/suggest.js)."""
    return new_line.strip() == SUGGEST_SCRIPT


COMMENT_PAGE = re.compile(r"^/comments/[1-9][0-9]*/$")
OLD_CAPTCHA_IMAGE = 'alt="验证码图片:请输入图中的 4 个字符" width="120" height="44">'
NEW_CAPTCHA_IMAGE = 'alt="验证码图片:请输入图中的 6 个数字" width="150" height="44">'
SPOKEN_CAPTCHA = (
    '<span class="captcha__audio" data-audio-url="/captcha/audio/KEY.wav">'
    '<span class="captcha__audio-label">语音验证码:播放后输入听到的 6 个数字(普通话)</span>'
    '<audio class="captcha__player" controls preload="none" aria-label="播放语音读出的数字"'
    ' src="/captcha/audio/[captcha].wav">您的浏览器不能播放语音验证码,请使用图片验证码。'
    "</audio></span>"
)


def _captcha_of_six_digits(old_line, new_line, url):
    """The captcha became six digits, also spoken (comments/captcha.py): the comment page's
    image line says so and is wider, nothing else on it changed."""
    return (
        COMMENT_PAGE.match(url) is not None
        and OLD_CAPTCHA_IMAGE in old_line
        and new_line
        in {
            (six := old_line.replace(OLD_CAPTCHA_IMAGE, NEW_CAPTCHA_IMAGE)),
            # and, on the same line, the hidden key without `required` and `autocomplete`
            six.replace(" required", "").replace(' autocomplete="off"', ""),
        }
    )


def _spoken_captcha(new_line, url):
    """The spoken captcha (语音验证码) beside the image on the comment page: the player for the
    same challenge (comments/templates/comments/captcha_widget.html)."""
    return COMMENT_PAGE.match(url) is not None and new_line == SPOKEN_CAPTCHA


READING_MODE_LINES = {
    '<link rel="stylesheet" href="/static/css/print.css" media="print">',
    '<script src="/static/js/reading-mode.js"></script>',
    '<button type="button" class="mode-switch" data-reading-mode-switch>'
    '<span class="mode-switch__to-elderly">长辈版</span>'
    '<span class="mode-switch__to-standard">标准版</span></button>',
}
READ_ALOUD_LINES = {
    '<script src="/static/js/read-aloud.js" defer></script>',
    '<div class="read-aloud" data-read-aloud>',
    '<button type="button" class="read-aloud__toggle" data-read-aloud-toggle>朗读</button>',
    '<button type="button" class="read-aloud__stop" data-read-aloud-stop hidden>停止</button>',
    "</div>",
}


def _reading_mode_lines(new_line, url):
    """长辈版 on every page: the print stylesheet, the blocking script that applies the
    reader's choice in <head>, the switch in the header (docs/accessibility.md)."""
    return new_line.strip() in READING_MODE_LINES


def _read_aloud_lines(new_line, url):
    """朗读 under an article's meta line, and its deferred script (static/js/read-aloud.js)."""
    return url.endswith(".html") and new_line.strip() in READ_ALOUD_LINES


def _named_search_box(old_line, new_line, url):
    """The header's search form is named 全站搜索 (two search landmarks on the search page
    must differ): the same <form role="search"> with aria-label added (and, from issue 16,
    data-suggest-url), nothing else changed."""
    label = ' aria-label="全站搜索"'
    if 'role="search"' not in old_line or f'role="search"{label}' not in new_line:
        return False
    unnamed = new_line.replace(label, "", 1)
    return unnamed == old_line or _search_box_suggests(old_line, unnamed, url)


IMAGE_ALT = re.compile(r'(<img [^>]*)alt="[^"]*"')


def _slideshow_alt_emptied(old_line, new_line, url):
    """Home page slideshow pictures: alt="" (the title is the caption beside it, axe's
    image-redundant-alt), the line otherwise unchanged."""
    return (
        url == "/"
        and "<img " in old_line
        and 'alt=""' in new_line
        and IMAGE_ALT.sub(r'\1alt=""', old_line) == new_line
    )


def _captcha_key_attributes(old_line, new_line, url):
    """The captcha's hidden key field without `required` and `autocomplete`, invalid on
    type=hidden (the Nu HTML Checker), the line otherwise unchanged."""
    return (
        'name="captcha_0"' in old_line
        and new_line == old_line.replace(" required", "").replace(' autocomplete="off"', "")
        and new_line != old_line
    )


# Lines the new code adds to pages on purpose: (what, check(new_line, url)).
ACCEPTED_PAGE_ADDITIONS = [
    ("the search suggestion script, suggest.js, on every page (issue 16)", _suggestion_script),
    (
        "the spoken captcha (语音验证码) for the same challenge beside the image on the "
        "comment page",
        _spoken_captcha,
    ),
    (
        "长辈版 on every page: print stylesheet, reading-mode.js in <head>, the header switch",
        _reading_mode_lines,
    ),
    ("朗读 on articles: its button row and read-aloud.js", _read_aloud_lines),
]

ACCEPTED_PAGE_CHANGES = [
    ("the header's search form is named 全站搜索 (aria-label)", _named_search_box),
    ("home page slideshow pictures have an empty alt beside their caption", _slideshow_alt_emptied),
    (
        "the captcha key field without required/autocomplete (invalid on hidden)",
        _captcha_key_attributes,
    ),
    (
        "the comment page's captcha image: six digits (also spoken), 150 pixels wide, "
        "instead of four characters in 120",
        _captcha_of_six_digits,
    ),
    (
        "the search boxes name the suggestion endpoint: data-suggest-url (issue 16)",
        _search_box_suggests,
    ),
    (
        "meta description of an article without a summary: first paragraph cut at 119 "
        'characters + "…" (98c1634, news/text.py first_paragraph) instead of at 120',
        _summary_with_ellipsis,
    ),
    (
        f"canonical link, og:url, JSON-LD, 本文地址 and RSS addresses on {NEW_SITE_ADDRESS}, "
        f"the configured site address (94b69f6, 24cc786: news/addresses.py), instead of "
        f"{OLD_SITE_ADDRESS} from the Site record or the request's Host header",
        _configured_site_address,
    ),
    (
        f"the article's QR code encodes its address on {NEW_SITE_ADDRESS}, the configured "
        f"site address (24cc786), instead of the request's Host header",
        _qr_code_of_new_address,
    ),
]

# Rows the new code's migrations add, remove or change on purpose, matched row by row,
# narrowly, and listed in the report every time they occur: (table, what, check);
# check(change, before, after, facts) -> accepted, change "lost", "appeared" or "changed",
# before and after the row as {column: value} (None when there is none), facts the Facts
# below. Each is frozen here as the migration meant it, not read from the code under test.
REPORTER, DESK_EDITOR, CHIEF_EDITOR = "记者", "编辑", "主编"
DESK_ROLES = (REPORTER, DESK_EDITOR)
STEP_LENGTH = 4  # django-treebeard's materialised path: four characters per level
# newsroom/0002_desk_collections: what the 记者 and 编辑 groups lose on the root collection
# and what a city's own 《city》记者 and 《city》编辑 groups get on the city's collection.
DESK_COLLECTION_PERMISSIONS = {
    REPORTER: [("wagtailimages", "add_image"), ("wagtaildocs", "add_document")],
    DESK_EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
    ],
}
SECTION_PERMISSION = ("news", "add_sectionpage")  # news/0009, granted to 主编
# search/0002, granted to 主编: the search page's synonyms (搜索同义词).
SYNONYM_PERMISSIONS = [
    ("search", f"{action}_searchsynonym") for action in ("add", "change", "delete", "view")
]
# newsroom/0003, granted to 编辑 and 主编: the search reports.
ANALYTICS_PERMISSION = ("search", "view_search_analytics")
ANALYTICS_ROLES = (DESK_EDITOR, CHIEF_EDITOR)
# home/wagtail_language.py (issue 19), after every migrate: Wagtail's starter groups, workflow
# and task, renamed while they carry its English defaults (same ids, same grants) ...
RENAMED_GROUPS = {"Moderators": "审核组", "Editors": "编辑组"}
RENAMED_WORKFLOWS = {"Moderators approval": "审核组审批"}  # the workflow and its task
# ... and every permission named in Chinese: Django's "Can <action> <verbose name>" becomes
# "可以<verb><verbose name>" (the verbose name translated where the catalogue has it), with the
# codename <action>_<model> unchanged; Wagtail's literal names are translated as they are.
PERMISSION_VERBS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
WAGTAIL_PERMISSION_NAMES = {
    "Can access Wagtail admin": "可以访问 Wagtail 管理后台",
    "Can choose image": "可以选择图片",
    "Can choose document": "可以选择文档",
    "Delete pages with children": "删除页面及其子页面",
    "Lock/unlock pages you've locked": "锁定/解锁你已锁定的页面",
    "Publish any page": "发布任意页面",
    "Unlock any page": "解锁任意页面",
}
# wagtailmedia's own migrations (installed with video/): 0002_initial_data grants add, change
# and delete media to the groups then named Editors and Moderators; 0003 copies their add and
# change to the root collection.
MEDIA_PERMISSIONS = [("wagtailmedia", f"{action}_media") for action in ("add", "change", "delete")]
MEDIA_ROOT_PERMISSIONS = MEDIA_PERMISSIONS[:2]
# newsroom/0004_video_collection_permissions: 主编 add, change and delete videos in the root
# collection; each desk's groups add (记者) or add and change (编辑) in the desk's collection.
VIDEO_CHIEF_PERMISSIONS = MEDIA_PERMISSIONS
VIDEO_DESK_PERMISSIONS = {
    REPORTER: [("wagtailmedia", "add_media")],
    DESK_EDITOR: [("wagtailmedia", "add_media"), ("wagtailmedia", "change_media")],
}
# contentcheck/0002_starting_lists: 主编 manage the two lists (内容检查), 编辑 view them.
CONTENT_CHECK_MODELS = ("publishingword", "misspelling")
CONTENT_CHECK_MANAGE = [
    ("contentcheck", f"{action}_{model}")
    for model in CONTENT_CHECK_MODELS
    for action in ("view", "add", "change", "delete")
]
CONTENT_CHECK_VIEW = [("contentcheck", f"view_{model}") for model in CONTENT_CHECK_MODELS]
CONTENT_CHECK_GRANTS = {CHIEF_EDITOR: CONTENT_CHECK_MANAGE, DESK_EDITOR: CONTENT_CHECK_VIEW}


class Facts:
    """What the ids in the two snapshots stand for."""

    def __init__(self, old, new):
        self.old, self.new = old, new

    @staticmethod
    def rows(snapshot, table):
        data = snapshot["tables"].get(table, {"columns": [], "rows": {}})
        return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"].values()]

    @cached_property
    def groups(self):
        return {row["id"]: row["name"] for row in self.rows(self.new, "auth_group")}

    @cached_property
    def old_groups(self):
        """{id: name} before the upgrade."""
        return {row["id"]: row["name"] for row in self.rows(self.old, "auth_group")}

    @cached_property
    def permissions(self):
        """{permission id: (app label, codename)}"""
        apps = {pk: label.partition(".")[0] for pk, label in self.new["content_types"].items()}
        return {
            row["id"]: (apps.get(str(row["content_type_id"])), row["codename"])
            for row in self.rows(self.new, "auth_permission")
        }

    @cached_property
    def desks(self):
        """The cities that had a desk before the upgrade: a 《city》记者 or 《city》编辑 group."""
        titles = {row["id"]: row["title"] for row in self.rows(self.old, "wagtailcore_page")}
        cities = [
            titles.get(row["page_ptr_id"])
            for row in self.rows(self.old, "news_sectionpage")
            if row["is_city"]
        ]
        return {
            city
            for city in cities
            if any(f"{city}{role}" in self.old["groups"] for role in DESK_ROLES)
        }

    @cached_property
    def root(self):
        """The root collection before the upgrade."""
        roots = [row for row in self.rows(self.old, "wagtailcore_collection") if row["depth"] == 1]
        return roots[0] if len(roots) == 1 else None

    @cached_property
    def root_children(self):
        """{id: name} of the collections right under the root after the upgrade."""
        root = self.root or {"path": "?", "depth": 0}
        return {
            row["id"]: row["name"]
            for row in self.rows(self.new, "wagtailcore_collection")
            if row["depth"] == root["depth"] + 1 and row["path"].startswith(root["path"])
        }

    @cached_property
    def desk_collections(self):
        """{id: city} of the collections the upgrade added under the root for a desk, each
        city's only one."""
        before = {row["id"] for row in self.rows(self.old, "wagtailcore_collection")}
        names = list(self.root_children.values())
        return {
            pk: name
            for pk, name in self.root_children.items()
            if pk not in before and name in self.desks and names.count(name) == 1
        }


def _desk_collection(change, before, after, facts):
    """A city desk's new collection under the root, named after the city, with no children;
    the root's child count goes up by as many."""
    root = facts.root
    if root is None:
        return False
    if change == "appeared":
        return (
            after["id"] in facts.desk_collections
            and after["numchild"] == 0
            and len(after["path"]) == len(root["path"]) + STEP_LENGTH
        )
    if change == "changed":
        added = len(facts.root_children) - before["numchild"]
        return (
            before["id"] == root["id"]
            and after == {**before, "numchild": len(facts.root_children)}
            and added == len(facts.desk_collections)
        )
    return False


def _desk_collection_permission(change, before, after, facts):
    """The 记者 and 编辑 groups' add (编辑: and change) on the root collection go; each desk's
    groups hold the same on the desk's own collection."""
    if change == "lost":
        role = facts.groups.get(before["group_id"])
        return (
            facts.root is not None
            and before["collection_id"] == facts.root["id"]
            and facts.permissions.get(before["permission_id"])
            in DESK_COLLECTION_PERMISSIONS.get(role, ())
        )
    if change == "appeared":
        city = facts.desk_collections.get(after["collection_id"])
        group = facts.groups.get(after["group_id"])
        return city is not None and any(
            group == f"{city}{role}"
            and facts.permissions.get(after["permission_id"]) in DESK_COLLECTION_PERMISSIONS[role]
            for role in DESK_ROLES
        )
    return False


def _section_permission(change, before, after, facts):
    """主编 is granted news.add_sectionpage."""
    return (
        change == "appeared"
        and facts.groups.get(after["group_id"]) == CHIEF_EDITOR
        and facts.permissions.get(after["permission_id"]) == SECTION_PERMISSION
    )


def _synonym_permission(change, before, after, facts):
    """主编 is granted the search synonyms' permissions."""
    return (
        change == "appeared"
        and facts.groups.get(after["group_id"]) == CHIEF_EDITOR
        and facts.permissions.get(after["permission_id"]) in SYNONYM_PERMISSIONS
    )


def _analytics_permission(change, before, after, facts):
    """编辑 and 主编 are granted search.view_search_analytics."""
    return (
        change == "appeared"
        and facts.groups.get(after["group_id"]) in ANALYTICS_ROLES
        and facts.permissions.get(after["permission_id"]) == ANALYTICS_PERMISSION
    )


def _renamed(names):
    """A row whose name only went from an English default to its Chinese name."""

    def check(change, before, after, facts):
        return (
            change == "changed"
            and before["name"] in names
            and after == {**before, "name": names[before["name"]]}
        )

    return check


def _permission_renamed(change, before, after, facts):
    """The same permission (content type, codename) with only its name in Chinese: "Can add
    文章" -> "可以添加文章" for codename add_articlepage, a Wagtail literal by its translation."""
    if change != "changed" or {**before, "name": after["name"]} != after:
        return False
    old, new = before["name"], after["name"]
    if old in WAGTAIL_PERMISSION_NAMES:
        return new == WAGTAIL_PERMISSION_NAMES[old]
    action, _, model = before["codename"].partition("_")
    verb = PERMISSION_VERBS.get(action)
    prefix = f"可以{verb}"
    return (
        verb is not None
        and model != ""
        and old.startswith(f"Can {action} ")
        and len(old) > len(f"Can {action} ")
        and new.startswith(prefix)
        and len(new) > len(prefix)
    )


def _starter_group(facts, group_id):
    """Whether the group was one of Wagtail's starter groups (Editors, Moderators) before."""
    return facts.old_groups.get(group_id) in RENAMED_GROUPS


def _media_permission(change, before, after, facts):
    """wagtailmedia/0002_initial_data: Editors and Moderators get add, change, delete media."""
    return (
        change == "appeared"
        and _starter_group(facts, after["group_id"])
        and facts.permissions.get(after["permission_id"]) in MEDIA_PERMISSIONS
    )


def _content_check_permission(change, before, after, facts):
    """主编 manage, 编辑 view the publishing words and misspellings."""
    return change == "appeared" and facts.permissions.get(
        after["permission_id"]
    ) in CONTENT_CHECK_GRANTS.get(facts.groups.get(after["group_id"]), ())


def _media_root_collection_permission(change, before, after, facts):
    """wagtailmedia/0003: Editors' and Moderators' add and change media on the root collection."""
    return (
        change == "appeared"
        and facts.root is not None
        and after["collection_id"] == facts.root["id"]
        and _starter_group(facts, after["group_id"])
        and facts.permissions.get(after["permission_id"]) in MEDIA_ROOT_PERMISSIONS
    )


def _video_collection_permission(change, before, after, facts):
    """主编 add, change, delete media on the root collection; a desk's 《city》记者 add and
    《city》编辑 add and change media on the desk's collection."""
    if change != "appeared" or facts.root is None:
        return False
    group = facts.groups.get(after["group_id"])
    permission = facts.permissions.get(after["permission_id"])
    if after["collection_id"] == facts.root["id"]:
        return group == CHIEF_EDITOR and permission in VIDEO_CHIEF_PERMISSIONS
    city = facts.desk_collections.get(after["collection_id"])
    return city is not None and any(
        group == f"{city}{role}" and permission in VIDEO_DESK_PERMISSIONS[role]
        for role in DESK_ROLES
    )


ACCEPTED_ROW_CHANGES = [
    (
        "wagtailcore_collection",
        "a collection per city desk under the root collection (newsroom/0002_desk_collections)",
        _desk_collection,
    ),
    (
        "wagtailcore_groupcollectionpermission",
        "记者/编辑 add and change on images and documents move from the root collection to "
        "each desk's groups on the desk's own collection (newsroom/0002_desk_collections)",
        _desk_collection_permission,
    ),
    (
        "auth_group_permissions",
        "主编 may add sections: news.add_sectionpage (news/0009_chief_editors_create_sections)",
        _section_permission,
    ),
    (
        "auth_group_permissions",
        "主编 manage the search synonyms: search.*_searchsynonym (search/0002_synonyms)",
        _synonym_permission,
    ),
    (
        "auth_group_permissions",
        "编辑 and 主编 may see the search reports: search.view_search_analytics "
        "(newsroom/0003_search_analytics_permission)",
        _analytics_permission,
    ),
    (
        "auth_group",
        "Wagtail's starter groups Moderators and Editors renamed 审核组 and 编辑组, same ids "
        "(issue 19: home/wagtail_language.py rename_initial_data, after migrate)",
        _renamed(RENAMED_GROUPS),
    ),
    (
        "wagtailcore_workflow",
        "Wagtail's starter workflow Moderators approval renamed 审核组审批 "
        "(issue 19: home/wagtail_language.py rename_initial_data, after migrate)",
        _renamed(RENAMED_WORKFLOWS),
    ),
    (
        "wagtailcore_task",
        "Wagtail's starter task Moderators approval renamed 审核组审批 "
        "(issue 19: home/wagtail_language.py rename_initial_data, after migrate)",
        _renamed(RENAMED_WORKFLOWS),
    ),
    (
        "auth_permission",
        'permission names in Chinese, "Can <action> …" -> "可以<verb>…" and Wagtail\'s own '
        "translated, codename and content type unchanged "
        "(issue 19: home/wagtail_language.py rename_permissions, after migrate)",
        _permission_renamed,
    ),
    (
        "auth_group_permissions",
        "the starter groups (now 审核组, 编辑组) get add, change and delete media "
        "(wagtailmedia/0002_initial_data, installed with video/)",
        _media_permission,
    ),
    (
        "auth_group_permissions",
        "主编 manage and 编辑 view the publishing words and misspellings: contentcheck.* "
        "(contentcheck/0002_starting_lists)",
        _content_check_permission,
    ),
    (
        "wagtailcore_groupcollectionpermission",
        "the starter groups (now 审核组, 编辑组) get add and change media on the root "
        "collection (wagtailmedia/0003_copy_media_permissions_to_collections)",
        _media_root_collection_permission,
    ),
    (
        "wagtailcore_groupcollectionpermission",
        "videos: 主编 add/change/delete media on the root collection, 《city》记者 add and "
        "《city》编辑 add and change media on the desk's collection "
        "(newsroom/0004_video_collection_permissions)",
        _video_collection_permission,
    ),
]


def _desk_grants(group, kind, grants, facts):
    if kind != "collection permissions" or facts.root is None:
        return grants
    if group in DESK_COLLECTION_PERMISSIONS:
        taken = [[facts.root["name"], *pair] for pair in DESK_COLLECTION_PERMISSIONS[group]]
        return [grant for grant in grants if grant not in taken]
    for city in facts.desks:
        for role in DESK_ROLES:
            if group == f"{city}{role}":
                given = [[city, *pair] for pair in DESK_COLLECTION_PERMISSIONS[role]]
                return sorted([*grants, *given])
    return grants


def _section_grant(group, kind, grants, facts):
    if group == CHIEF_EDITOR and kind == "permissions":
        return sorted([*grants, [*SECTION_PERMISSION, "sectionpage"]])
    return grants


def _synonym_grant(group, kind, grants, facts):
    if group == CHIEF_EDITOR and kind == "permissions":
        return sorted([*grants, *([*pair, "searchsynonym"] for pair in SYNONYM_PERMISSIONS)])
    return grants


def _analytics_grant(group, kind, grants, facts):
    if group in ANALYTICS_ROLES and kind == "permissions":
        return sorted([*grants, [*ANALYTICS_PERMISSION, "searchmiss"]])
    return grants


def _media_grants(group, kind, grants, facts):
    """`group` is the name before the upgrade: Editors and Moderators."""
    if group not in RENAMED_GROUPS:
        return grants
    if kind == "permissions":
        return sorted([*grants, *([*pair, "media"] for pair in MEDIA_PERMISSIONS)])
    if kind == "collection permissions" and facts.root is not None:
        given = [[facts.root["name"], *pair] for pair in MEDIA_ROOT_PERMISSIONS]
        return sorted([*grants, *given])
    return grants


def _content_check_grants(group, kind, grants, facts):
    if kind == "permissions" and group in CONTENT_CHECK_GRANTS:
        given = [
            [app, codename, codename.partition("_")[2]]
            for app, codename in CONTENT_CHECK_GRANTS[group]
        ]
        return sorted([*grants, *given])
    return grants


def _video_grants(group, kind, grants, facts):
    if kind != "collection permissions" or facts.root is None:
        return grants
    if group == CHIEF_EDITOR:
        return sorted([*grants, *([facts.root["name"], *pair] for pair in VIDEO_CHIEF_PERMISSIONS)])
    for city in set(facts.desk_collections.values()):
        for role in DESK_ROLES:
            if group == f"{city}{role}":
                given = [[city, *pair] for pair in VIDEO_DESK_PERMISSIONS[role]]
                return sorted([*grants, *given])
    return grants


# The same changes as the groups read them: (what, change); change(group, kind, grants, facts)
# -> the grants the group must hold after the upgrade. Exact: a desk group that does not get
# its collection's permissions, or a role that keeps them on the root, is a difference.
ACCEPTED_GRANT_CHANGES = [
    (
        "记者/编辑 lose add and change on images and documents in the root collection; "
        "《city》记者/《city》编辑 get them on the city's collection "
        "(newsroom/0002_desk_collections)",
        _desk_grants,
    ),
    ("主编 gets news.add_sectionpage (news/0009_chief_editors_create_sections)", _section_grant),
    ("主编 gets search.*_searchsynonym (search/0002_synonyms)", _synonym_grant),
    (
        "编辑 and 主编 get search.view_search_analytics "
        "(newsroom/0003_search_analytics_permission)",
        _analytics_grant,
    ),
    (
        "Editors and Moderators (now 编辑组, 审核组) get add, change and delete media, and add "
        "and change media on the root collection (wagtailmedia/0002_initial_data, "
        "0003_copy_media_permissions_to_collections)",
        _media_grants,
    ),
    (
        "主编 gets contentcheck.*, 编辑 contentcheck.view_* (contentcheck/0002_starting_lists)",
        _content_check_grants,
    ),
    (
        "主编 gets add/change/delete media on the root collection, 《city》记者 add and "
        "《city》编辑 add and change media on the city's collection "
        "(newsroom/0004_video_collection_permissions)",
        _video_grants,
    ),
]

# Tables the upgrade may add rows to (checked on their own below).
MIGRATIONS = "django_migrations"
CONTENT_TYPES = "django_content_type"
PERMISSIONS = "auth_permission"


@dataclass
class Result:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def problem(self, text):
        self.problems.append(text)

    def note(self, text):
        self.notes.append(text)


def compare(old, new):
    result = Result()
    if old["vendor"] != new["vendor"]:
        result.problem(f"the snapshots come from {old['vendor']} and {new['vendor']}")
    moved = moved_models(old, new, result)
    facts = Facts(old, new)

    def relabel(label):
        return moved.get(label, label)

    accepted_rows = compare_tables(old, new, facts, result)
    compare_content_types(old, new, moved, result)
    compare_orm_counts(old, new, relabel, accepted_rows, result)
    compare_permissions(old, new, relabel, facts, result)
    compare_log_entries(old, new, relabel, result)
    compare_records(old, new, relabel, result)
    compare_pages(old, new, result)
    return result


def moved_models(old, new, result):
    """{old label: new label} for every table a different model owns after the upgrade."""
    moved = {}
    for table, label in sorted(old["models"].items()):
        if table in new["models"] and new["models"][table] != label:
            moved[label] = new["models"][table]
        elif table not in new["models"]:
            result.note(f"model {label} ({table}) is gone from the new code")
    result.figures["moved"] = moved
    return moved


# Tables -----------------------------------------------------------------------------------------


def compare_tables(old, new, facts, result):
    """Returns {table: rows the accepted changes add, less those they remove}."""
    old_tables, new_tables = old["tables"], new["tables"]
    rows = 0
    accepted_rows = {}
    for table in sorted(set(new_tables) - set(old_tables)):
        count = len(new_tables[table]["rows"])
        result.note(f"table {table} is new ({count} rows): only the new code creates it")
    for table in sorted(old_tables):
        before = old_tables[table]
        rows += len(before["rows"])
        if table not in new_tables:
            result.problem(f"table {table} ({len(before['rows'])} rows) is gone")
            continue
        after = new_tables[table]
        dropped = [column for column in before["columns"] if column not in after["columns"]]
        if dropped:
            result.problem(f"{table}: columns {', '.join(dropped)} are gone")
        added = [column for column in after["columns"] if column not in before["columns"]]
        if added:
            result.note(f"{table}: new columns {', '.join(added)}")
        if table == CONTENT_TYPES:
            continue  # compare_content_types: rows are relabelled on purpose
        may_add = table in (MIGRATIONS, PERMISSIONS)
        accepted_rows[table] = compare_rows(table, before, after, result, facts, may_add=may_add)
    result.figures["tables"] = len(old_tables)
    result.figures["rows"] = rows
    migrations = len(new_tables.get(MIGRATIONS, {"rows": ()})["rows"]) - len(
        old_tables.get(MIGRATIONS, {"rows": ()})["rows"]
    )
    result.figures["migrations applied"] = migrations
    return accepted_rows


def project(table, columns):
    """A table's rows reduced to `columns`, by key."""
    indexes = [table["columns"].index(column) for column in columns]
    return {key: [row[i] for i in indexes] for key, row in table["rows"].items()}


def accepted_row(table, change, before, after, facts):
    for name, what, check in ACCEPTED_ROW_CHANGES:
        if name == table and check(change, before, after, facts):
            return what
    return None


def compare_rows(name, before, after, result, facts, may_add=False):
    """Returns the rows accepted changes added less those they removed."""
    columns = [column for column in before["columns"] if column in after["columns"]]
    old_rows, new_rows = project(before, columns), project(after, columns)
    lost = [key for key in old_rows if key not in new_rows]
    changed = [key for key in old_rows if key in new_rows and old_rows[key] != new_rows[key]]
    extra = [key for key in new_rows if key not in old_rows]
    key = before["key"] or "row"

    accepted_seen = {}  # what -> {change: rows}

    def unexplained(keys, change):
        left = []
        for k in keys:
            row_before = dict(zip(columns, old_rows[k], strict=True)) if k in old_rows else None
            row_after = dict(zip(columns, new_rows[k], strict=True)) if k in new_rows else None
            what = accepted_row(name, change, row_before, row_after, facts)
            if what:
                counts = accepted_seen.setdefault(what, {})
                counts[change] = counts.get(change, 0) + 1
            else:
                left.append(k)
        return left

    lost, changed = unexplained(lost, "lost"), unexplained(changed, "changed")
    extra = extra if may_add else unexplained(extra, "appeared")
    for what, counts in accepted_seen.items():
        shown = ", ".join(f"{count} rows {change}" for change, count in counts.items())
        result.note(f"accepted difference in {name} ({shown}): {what}")
    if lost:
        shown = "; ".join(f"{key}={k}: {old_rows[k]}" for k in lost[:EXAMPLES])
        result.problem(f"{name}: {len(lost)} of {len(old_rows)} rows lost, e.g. {shown}")
    for k in changed[:EXAMPLES]:
        differing = [
            f"{column}: {a!r} -> {b!r}"
            for column, a, b in zip(columns, old_rows[k], new_rows[k], strict=True)
            if a != b
        ]
        result.problem(f"{name} {key}={k} changed: {'; '.join(differing)}")
    if len(changed) > EXAMPLES:
        result.problem(f"{name}: {len(changed) - EXAMPLES} more rows changed")
    if extra and may_add:
        result.note(f"{name}: {len(extra)} rows added")
    elif extra:
        shown = "; ".join(f"{key}={k}: {new_rows[k]}" for k in extra[:EXAMPLES])
        result.problem(f"{name}: {len(extra)} rows appeared, e.g. {shown}")
    return sum(
        counts.get("appeared", 0) - counts.get("lost", 0) for counts in accepted_seen.values()
    )


def compare_content_types(old, new, moved, result):
    """Content types keep their ids; those of moved models carry the new app label."""
    old_types, new_types = old["content_types"], new["content_types"]
    by_label = {label: pk for pk, label in new_types.items()}
    relabelled = 0
    reported = set()  # labels already explained
    for pk, label in sorted(old_types.items(), key=lambda item: int(item[0])):
        expected = moved.get(label, label)
        if pk not in new_types:
            result.problem(f"content type {label} (id {pk}) is gone")
        elif new_types[pk] != expected:
            anew = by_label.get(expected)
            result.problem(
                f"content type {label} (id {pk}) was not relabelled {expected}"
                + (f", it became {new_types[pk]}" if new_types[pk] != label else "")
                + (
                    f"; {expected} was created anew (id {anew}), so permissions, log entries "
                    f"and task rows still point at the old one"
                    if anew
                    else ""
                )
            )
            reported.update({label, expected})
        elif expected != label:
            relabelled += 1
    old_labels = {moved.get(label, label) for label in old_types.values()}
    for pk, label in sorted(new_types.items(), key=lambda item: int(item[0])):
        if pk in old_types or label in reported:
            continue
        if label in old_labels:
            result.problem(f"content type {label} was created anew (id {pk})")
        else:
            result.note(f"content type {label} (id {pk}) is new")
    # No content type left under the old app label of a moved model.
    for old_label, new_label in sorted(moved.items()):
        if old_label in by_label and old_label not in reported:
            result.problem(
                f"content type {old_label} (id {by_label[old_label]}) is still there: "
                f"the model is {new_label} now"
            )
    known = {entry["id"] for entry in old["dangling_content_types"]}
    for entry in new["dangling_content_types"]:
        if entry["id"] in known:
            continue
        where = ", ".join(entry["used_by"])
        if entry["used_by"] == [f"{PERMISSIONS}.content_type_id"] and not entry["granted_to"]:
            result.note(
                f"content type {entry['label']} (id {entry['id']}) is stale: its model is not "
                f"in the new code, and only its own permissions, granted to nobody, point at it"
            )
        else:
            granted = f"; its permissions are granted to {entry['granted_to']}" * bool(
                entry["granted_to"]
            )
            result.problem(
                f"content type {entry['label']} (id {entry['id']}) answers to no model, yet "
                f"rows point at it: {where}{granted}"
            )
    result.figures["content types relabelled"] = relabelled


def compare_orm_counts(old, new, relabel, accepted_rows, result):
    """Each model reads as many rows through the new code's ORM as through the old code's,
    give or take the rows of its table's accepted changes."""
    may_add = {old["models"].get(table) for table in (MIGRATIONS, CONTENT_TYPES, PERMISSIONS)}
    tables = {label: table for table, label in old["models"].items()}
    for label, count in sorted(old["orm_counts"].items()):
        new_label = relabel(label)
        if new_label not in new["orm_counts"] or label in may_add:
            continue  # a model gone from the code, or a table checked row by row above
        accepted = accepted_rows.get(tables.get(label), 0)
        if new["orm_counts"][new_label] != count + accepted:
            result.problem(
                f"{new_label} reads {new['orm_counts'][new_label]} rows through the ORM, "
                f"{label} read {count}" + f" ({accepted:+} accepted)" * bool(accepted)
            )


# Permissions, log entries, records -------------------------------------------------------------


def relabel_permission(relabel, app_label, codename, model):
    new_app, _, new_model = relabel(f"{app_label}.{model}").partition(".")
    return [new_app, codename, new_model]


def compare_permissions(old, new, relabel, facts, result):
    grants = 0
    accepted_seen = {}  # what -> groups
    # Followed by id: a group renamed on purpose keeps its id and must keep its grants.
    new_by_id = {group["id"]: (name, group) for name, group in new["groups"].items()}
    for name, before in sorted(old["groups"].items()):
        new_name, after = new_by_id.get(before["id"], (None, None))
        if after is None:
            result.problem(f"group {name} (id {before['id']}) is gone")
            continue
        label = name if new_name == name else f"{name} (now {new_name})"
        if new_name != name:
            if RENAMED_GROUPS.get(name) == new_name:
                what = (
                    "Wagtail's starter groups renamed, same ids and grants "
                    "(issue 19: home/wagtail_language.py rename_initial_data)"
                )
                accepted_seen.setdefault(what, set()).add(f"{name} -> {new_name}")
            else:
                result.problem(f"group {name} (id {before['id']}) is now called {new_name}")
        expected = sorted(relabel_permission(relabel, *grant) for grant in before["model"])
        kinds = [
            ("permissions", expected, after["model"]),
            ("page permissions", before["page"], after["page"]),
            ("collection permissions", before["collection"], after["collection"]),
            ("members", before["users"], after["users"]),
        ]
        for kind, wanted, got in kinds:
            grants += len(wanted)
            for what, change in ACCEPTED_GRANT_CHANGES:
                changed = change(name, kind, wanted, facts)
                if changed != wanted:
                    accepted_seen.setdefault(what, set()).add(name)
                    wanted = changed
            if wanted != got:
                missing = [item for item in wanted if item not in got]
                surplus = [item for item in got if item not in wanted]
                result.problem(f"group {label}: {kind} differ; lost {missing}, gained {surplus}")
    for what, names in accepted_seen.items():
        result.note(f"accepted permission difference for {', '.join(sorted(names))}: {what}")
    old_ids = {group["id"] for group in old["groups"].values()}
    for name, group in sorted(new["groups"].items()):
        if group["id"] not in old_ids:
            result.note(f"group {name} is new")
    result.figures["groups"] = len(old["groups"])
    result.figures["group grants"] = grants


def compare_log_entries(old, new, relabel, result):
    total = 0
    for table, entries in sorted(old["log_entries"].items()):
        expected = [{**entry, "content_type": relabel(entry["content_type"])} for entry in entries]
        got = new["log_entries"].get(table, [])
        total += len(entries)
        if len(got) != len(expected):
            result.problem(f"{table}: {len(got)} log entries, {len(expected)} before")
        wrong = [(a, b) for a, b in zip(expected, got, strict=False) if a != b]
        for a, b in wrong[:EXAMPLES]:
            result.problem(f"{table}: log entry {a['id']} was {a}, is {b}")
    result.figures["log entries"] = total


def compare_records(old, new, relabel, result):
    """Comments, view counts and review tasks as the models read them."""
    for key in (
        "comments",
        "sensitive_words",
        "comment_settings",
        "view_totals",
        "daily_views",
        "view_count_flushes",
    ):
        if old[key] != new[key]:
            result.problem(f"{key} differ:\n{diff_lines(old[key], new[key])}")
    result.figures["comments"] = len(old["comments"])
    result.figures["view counts"] = len(old["view_totals"]) + len(old["daily_views"])

    workflows = old["workflows"]
    renamed = []

    def task_name(name):
        # issue 19: the starter task keeps its id, its name in Chinese.
        if name in RENAMED_WORKFLOWS:
            renamed.append(name)
        return RENAMED_WORKFLOWS.get(name, name)

    def group_names(names):
        # issue 19: the starter groups keep their ids, their names in Chinese.
        if names is None:
            return None
        renamed.extend(name for name in names if name in RENAMED_GROUPS)
        return sorted(RENAMED_GROUPS.get(name, name) for name in names)

    expected = {
        "tasks": [
            {
                **task,
                "name": task_name(task["name"]),
                "content_type": relabel(task["content_type"]),
                "specific": relabel(task["specific"]),
                "groups": group_names(task["groups"]),
            }
            for task in workflows["tasks"]
        ],
        "workflow_states": workflows["workflow_states"],
        "task_states": [
            [state[0], task_name(state[1]), state[2], relabel(state[3])]
            for state in workflows["task_states"]
        ],
    }
    for key, wanted in expected.items():
        if new["workflows"][key] != wanted:
            result.problem(f"workflow {key} differ:\n{diff_lines(wanted, new['workflows'][key])}")
    if renamed:
        result.note(
            "accepted workflow difference: the review tasks read with Wagtail's starter task "
            f"and groups renamed ({', '.join(sorted(set(renamed)))}; issue 19: "
            "home/wagtail_language.py rename_initial_data)"
        )


def diff_lines(a, b):
    lines = difflib.unified_diff(
        [repr(item) for item in a], [repr(item) for item in b], "before", "after", lineterm="", n=1
    )
    return "\n".join(list(lines)[:DIFF_LINES])


# Pages ------------------------------------------------------------------------------------------


def normalise(body):
    """The page's lines with per-request values masked, each stripped and blank ones dropped:
    indentation between tags is not content, and markup moved into a shared include
    (news/includes/, 4d354c6) comes out indented differently with the same HTML."""
    for pattern, replacement in PER_REQUEST:
        body = pattern.sub(replacement, body)
    return [stripped for line in body.splitlines() if (stripped := line.strip())]


def accepted(old_line, new_line, url):
    for what, check in ACCEPTED_PAGE_CHANGES:
        if check(old_line, new_line, url):
            return what
    return None


def added(new_line, url):
    for what, check in ACCEPTED_PAGE_ADDITIONS:
        if check(new_line, url):
            return what
    return None


def compare_pages(old, new, result):
    accepted_seen = {}
    for url, before in old["pages"].items():
        after = new["pages"].get(url)
        if after is None:
            result.problem(f"{url}: not rendered by the new code")
            continue
        for what in ("status", "content_type"):
            if before[what] != after[what]:
                result.problem(f"{url}: {what} {before[what]} became {after[what]}")
        a, b = normalise(before["body"]), normalise(after["body"])
        unexplained = False
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, a, b, autojunk=False
        ).get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                reasons = [accepted(x, y, url) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
            elif tag == "replace" and j2 - j1 > i2 - i1:
                # Changed lines with accepted additions among them (a line added beside a
                # changed one): the additions set aside, the rest must pair up as changes.
                additions = [added(y, url) for y in b[j1:j2]]
                kept = [y for y, reason in zip(b[j1:j2], additions, strict=True) if not reason]
                if len(kept) == i2 - i1:
                    reasons = [r for r in additions if r] + [
                        accepted(x, y, url) for x, y in zip(a[i1:i2], kept, strict=True)
                    ]
                else:
                    reasons = [None]
            elif tag == "insert":
                reasons = [added(y, url) for y in b[j1:j2]]
            else:
                reasons = [None]
            if all(reasons):
                for reason in reasons:
                    accepted_seen.setdefault(reason, set()).add(url)
            else:
                unexplained = True
        if unexplained:
            diff = difflib.unified_diff(a, b, f"old code {url}", f"new code {url}", lineterm="")
            shown = list(diff)
            more = (
                f"\n… {len(shown) - DIFF_LINES} more diff lines" if len(shown) > DIFF_LINES else ""
            )
            result.problem(f"{url} renders differently:\n" + "\n".join(shown[:DIFF_LINES]) + more)
    for what, urls in accepted_seen.items():
        result.note(f"accepted page difference on {', '.join(sorted(urls))}: {what}")
    result.figures["pages"] = len(old["pages"])
