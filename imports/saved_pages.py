"""Saved pages on disk: which files to read, and which of the two forms each one is."""

import re
from pathlib import Path

from .decoding import DEFAULT_MAX_BYTES, read_page
from .html_pages import parse_html_page
from .records import ImportProblem
from .text_pages import parse_text_page

# Inside folders only these are pages; a file named on the command line is always read.
PAGE_SUFFIXES = {".txt", ".text", ".htm", ".html", ".shtml", ".xhtml"}
LOOKS_LIKE_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|div|p|table|meta)\b", re.I)


def page_files(paths):
    """(path or None, name) for every page under the given files and folders, in order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path)
                # Hidden files, and the resource folders browsers save beside a page
                # ("Page_files/"), which may hold frames and ads as .htm files.
                if any(
                    part.startswith(".") or part.endswith(("_files", ".files"))
                    for part in relative.parts[:-1]
                ) or relative.name.startswith("."):
                    continue
                if found.is_file() and found.suffix.lower() in PAGE_SUFFIXES:
                    yield found, str(found)
        elif path.is_file():
            yield path, str(path)
        else:
            yield None, str(given)


def read_saved_page(path, name, max_bytes=DEFAULT_MAX_BYTES):
    if path is None:
        raise ImportProblem("文件或文件夹不存在")
    try:
        text = read_page(path, max_bytes)
    except OSError as error:
        raise ImportProblem(f"无法读取文件:{error.strerror or error}") from None
    if LOOKS_LIKE_HTML.search(text[:4096]):
        return parse_html_page(text, name, base_dir=str(path.parent))
    return parse_text_page(text, name)


def parse_page_file(task):
    """(article, None) or (None, reason) for one page file.

    Runs in worker processes (import_pages --jobs): it needs neither Django nor the
    database, and returns its problem instead of raising, so the worker pool keeps going.
    """
    path, name, max_bytes = task
    try:
        return read_saved_page(Path(path) if path else None, name, max_bytes), None
    except ImportProblem as error:
        return None, str(error)
    except Exception as error:  # noqa: BLE001 - reported for this file, the rest goes on
        return None, f"内部错误 {type(error).__name__}: {error}"
