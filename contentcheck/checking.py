"""The content check: the editors' two lists matched against any text, or any page.

One Aho-Corasick pass (comments.words.Automaton, the comment filter's own matcher) finds
publishing sensitive words and misspellings together, after the same normalisation the
comment filter uses, so "敏 感.词" is still found. A 10,000-character article takes about
7 ms (`make bench-content-check`, docs/contentcheck.md).

The matcher is built once per process and rebuilt only when a list changed: a change
(signal_handlers.py) writes a new version into the shared cache, each check reads it,
so an edit in the admin reaches every worker at its next check.
"""

import threading
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from comments.words import Automaton, normalize_with_positions, normalize_word

from .models import Misspelling, PublishingWord
from .walking import page_texts

SENSITIVE = "sensitive"
MISSPELLING = "misspelling"
# A page full of one listed word would otherwise list thousands of identical lines.
MAX_FINDINGS = 200


@dataclass(frozen=True)
class Finding:
    kind: str  # SENSITIVE or MISSPELLING
    word: str  # the list's entry
    suggestion: str  # the correction of a misspelling; "" for a sensitive word
    blocking: bool
    location: str  # where in the page, e.g. "正文 第3个正文段落"
    position: int  # character offset in the checked text, from 0

    @property
    def label(self):
        """Where an editor finds it: "正文 第3个正文段落 第12字"."""
        where = f"{self.location} " if self.location else ""
        return f"{where}第{self.position + 1}字"

    @property
    def kind_label(self):
        if self.kind == SENSITIVE:
            return "敏感词(必须修改)" if self.blocking else "敏感词(提醒)"
        return "易错词"

    @property
    def message(self):
        """One line for the editor, in Chinese."""
        if self.kind == MISSPELLING:
            return f"{self.label}:“{self.word}”可能应为“{self.suggestion}”"
        return f"{self.label}:{self.kind_label}“{self.word}”"


class Matcher:
    """Both lists in one automaton; payloads say which list an entry came from."""

    def __init__(self, sensitive, misspellings):
        entries = []
        for word, level in sensitive:
            normalized = normalize_word(word)
            if normalized:
                blocking = level == PublishingWord.Level.BLOCK
                entries.append((normalized, (SENSITIVE, word, "", blocking)))
        for wrong, correct in misspellings:
            normalized = normalize_word(wrong)
            if normalized:
                entries.append((normalized, (MISSPELLING, wrong, correct, False)))
        self.automaton = Automaton(entries)
        self.empty = not entries

    def check(self, text, location=""):
        if self.empty or not text:
            return []
        normalized, positions = normalize_with_positions(text)
        findings = []
        for start, _end, (kind, word, suggestion, blocking) in self.automaton.matches(normalized):
            findings.append(Finding(kind, word, suggestion, blocking, location, positions[start]))
        findings.sort(key=lambda finding: (finding.position, not finding.blocking))
        return findings


_lock = threading.Lock()
_cached = {"version": None, "matcher": None}
VERSION_KEY = "contentcheck:lists-version"


def lists_changed():
    """Called when either list changed: every process rebuilds at its next check.

    Bumped at once (this process and tests see it) and again after the commit, so a
    process that rebuilt from the old rows in between does not keep them.
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def lists_version():
    # One cache read per check (measured: three aggregate queries cost more than the
    # matching itself). A cleared cache just means one rebuild.
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def current_matcher():
    """The matcher for the editors' current lists, rebuilt only when a list changed."""
    version = lists_version()
    with _lock:
        if version is None or _cached["version"] != version:
            _cached["matcher"] = Matcher(
                PublishingWord.objects.values_list("word", "level"),
                Misspelling.objects.values_list("wrong", "correct"),
            )
            _cached["version"] = version
        return _cached["matcher"]


def check_text(text: str, location: str = "") -> list[Finding]:
    """Findings in one text, positions counted in `text`; `location` labels them."""
    return current_matcher().check(text, location)


def check_page(page) -> list[Finding]:
    """Findings in every text of a page, in the order an editor meets them.

    `page` may be unsaved (the editor's form, saved with commit=False): inline children
    are then read from memory, which is what lets the check see what is being approved.
    """
    matcher = current_matcher()
    findings = []
    for text, location in page_texts(page):
        findings.extend(matcher.check(text, location))
        if len(findings) >= MAX_FINDINGS:
            return findings[:MAX_FINDINGS]
    return findings


def blocking(findings):
    return [finding for finding in findings if finding.blocking]
