"""Old article addresses: which section an article lived in, and its number.

DedeCMS builds article addresses from the section directory and a naming rule, by default
`{typedir}/{Y}/{M}{D}/{aid}.html`; the reference portal uses `{typedir}/{aid}.html`. The
date directories are not sections, so they are dropped; the article is then served at
`/<section path>/<number>.html` and the dated address redirects there (news routing).
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from .records import ImportProblem

ARTICLE_FILE = re.compile(r"([1-9][0-9]{0,8})\.s?html?", re.IGNORECASE)
DATE_DIRECTORY = re.compile(r"[0-9]{4}|[0-9]{6}|[0-9]{8}")
SLUG = re.compile(r"[-A-Za-z0-9_]+")
VIEW_SCRIPT = re.compile(r".*/view\.php$", re.IGNORECASE)


def parse_legacy_address(address: str) -> tuple[tuple[str, ...], int]:
    """(section slugs, article number) from an old address such as /gsyl/xinzhou/3697.html."""
    parts = urlsplit(address.strip())
    path = unquote(parts.path)
    if VIEW_SCRIPT.match(path):
        aid = parse_qs(parts.query).get("aid", [""])[0]
        if aid.isdigit():
            raise ImportProblem(
                f"本文地址 {address} 是动态地址,只有编号 {aid},没有栏目目录,无法确定栏目"
            )
    segments = [segment for segment in path.split("/") if segment]
    if not segments or not (match := ARTICLE_FILE.fullmatch(segments[-1])):
        raise ImportProblem(f"本文地址 {address} 里没有文章编号(应以 /<编号>.html 结尾)")
    sections = section_path_from_directories(segments[:-1])
    if not sections:
        raise ImportProblem(f"本文地址 {address} 没有栏目目录,无法确定栏目")
    return sections, int(match[1])


def section_path_from_directories(directories) -> tuple[str, ...]:
    directories = list(directories)
    while directories and DATE_DIRECTORY.fullmatch(directories[-1]):
        directories.pop()
    for directory in directories:
        if not SLUG.fullmatch(directory):
            raise ImportProblem(f"栏目目录“{directory}”不能用作地址(只允许字母、数字、- 和 _)")
    return tuple(directories)
