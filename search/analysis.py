"""Chinese-aware text analysis, shared by indexing and querying.

SQLite's FTS5 and PostgreSQL's parser both treat a whole run of Chinese characters (up to the
next punctuation mark) as one word, so a two-character word inside a sentence is never found.
We hand them text that is already split into tokens, separated by spaces, so that both engines
index exactly the tokens we choose:

* a run of Chinese (or Japanese / Korean) characters becomes its first character, its
  overlapping character bigrams and its last character: 疫情防控 → ``疫 疫情 情防 防控 控``;
* a run of Latin letters, or of digits, becomes one lower-cased token; letters and digits are
  split apart, so ``COVID-19``, ``covid19`` and ``Covid 19`` all give ``covid 19``.

A query word is turned into the same tokens and searched as a *phrase* (tokens next to each
other), which is exactly "this text occurs here": 二十条措施 → ``"二十 十条 条措 措施"``. Words of a
query are combined with AND. The single characters at either end of a run let a word that
mixes scripts match exactly (第129次 → ``"第 129 次"``, the 次 that starts a run) and stop a
phrase from running across punctuation (疫情。情防 does not contain 疫情防). A one-character query
word is searched as a prefix (``"疫"*`` matches 疫情), so every character can be found without
indexing each one separately.

Bigrams rather than a dictionary segmenter (jieba): the benchmark in docs/search.md shows
bigram phrases find every word that occurs in the text (a segmenter misses words it cut
differently in the article and in the query, e.g. names), never load a 50+ MB dictionary into
each worker, and index several times faster.

Text is folded first, by the one function both paths share (`normalize`): compatibility
forms (ＣＯＶＩＤ－１９ → COVID-19), lower case, and traditional characters as simplified with
OpenCC's t2s (會議 → 会议; phrase by phrase where its dictionary has one: 乾燥 → 干燥, while
乾隆 stays), so that 會議 finds 会议 and 会议 finds 會議. One converter per process, built at
first use (about 60 ms). Measured on the benchmark's articles (5,000 of 615 characters, this
2-core machine, best of 7): t2s alone converts 70 M characters/s of simplified text and 20 M/s
of traditional text; `tokens_for_index` went from 5.4 to 4.8 M characters/s (3.9 M/s on
traditional text). For the 100,000-article index build (60 M characters, minutes of database
work) that is 1–5 seconds more.

Everything here runs in linear time with regular expressions that cannot backtrack
(CVE-2024-39317 was a quadratic regular expression on exactly this shape of input).
"""

import functools
import operator
import re
import unicodedata
from dataclasses import dataclass

import opencc

# Han ideographs (with extensions and compatibility forms), the iteration mark 々, the
# ideographic zero 〇, Japanese kana and Korean syllables: scripts written without spaces.
_CJK = (
    "\u3005\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\U00020000-\U0003134f"
)
# One run: CJK characters, or letters (of any other script), or digits. Each alternative is a
# single character class (or a class guarded by a one-character lookahead) repeated, so matching
# is linear in the length of the text.
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<letters>(?:(?![{_CJK}])[^\W\d_])+)|(?P<digits>\d+)")
# A query word: anything between whitespace or punctuation.
_CHUNK = re.compile(r"[^\W_]+")

# Longer Latin or digit runs are cut: PostgreSQL drops words over 2 KB, and nobody searches for
# a 300-character string of letters.
MAX_TOKEN_LENGTH = 40
# PostgreSQL stores word positions up to 16,383; phrases beyond that cannot match there, so the
# index stops at the same point on every database.
MAX_INDEX_TOKENS = 16_000
# Words beyond this in one query are ignored: each one is another phrase for the database.
MAX_QUERY_TERMS = 10


# OpenCC's t2s chains are at most two steps long (薴 → 苧 → 苎); a third pass only confirms.
MAX_CONVERSIONS = 4
# Lone surrogates are not text, but a str may hold them; OpenCC takes UTF-8, which cannot.
_SURROGATES = re.compile("([\ud800-\udfff]+)")


@functools.cache
def _simplifier():
    # One converter per process: building one loads its dictionaries (about 60 ms).
    return opencc.OpenCC("t2s")


def _convert(text):
    convert = _simplifier().convert
    try:
        return convert(text)
    except UnicodeEncodeError:
        parts = _SURROGATES.split(text)
        return "".join(part if index % 2 else convert(part) for index, part in enumerate(parts))


def to_simplified(text):
    """Traditional characters as simplified (OpenCC t2s: 會議 → 会议); nothing else changes.

    OpenCC converts phrase by phrase where its dictionary has one (乾燥 → 干燥, 乾隆 stays), and
    every single character to exactly one character. A few of its results convert again
    (薴 → 苧 → 苎), so the conversion is repeated until nothing changes: folding twice must give
    what folding once gave. Text already simplified is converted once and compared.
    """
    if text.isascii():
        return text
    for _ in range(MAX_CONVERSIONS):
        converted = _convert(text)
        if converted == text:
            break
        text = converted
    return text


def _fold_forms(text):
    return unicodedata.normalize("NFKC", text).lower()


def normalize(text):
    """The one folding of indexed and of searched text, so that the two cannot drift apart.

    Compatibility forms folded (ＣＯＶＩＤ－１９ → COVID-19), lower case, traditional characters as
    simplified (會議 → 会议).
    """
    return to_simplified(_fold_forms(text))


def _runs(text):
    for match in _RUN.finditer(text):
        if match.lastgroup == "cjk":
            yield True, match.group()
        else:
            yield False, match.group()[:MAX_TOKEN_LENGTH]


def _bigrams(run):
    return list(map(operator.add, run, run[1:]))


def tokens_for_index(text, max_tokens=MAX_INDEX_TOKENS):
    """`text` as the space-separated tokens the database indexes (at most `max_tokens`)."""
    tokens = []
    for match in _RUN.finditer(normalize(text)):
        run = match.group()
        if match.lastgroup == "cjk":
            if len(run) > 1:
                # Built with map() and extend(): this runs for every character of every article.
                tokens.append(run[0])
                tokens.extend(map(operator.add, run, run[1:]))
            tokens.append(run[-1])
        else:
            tokens.append(run[:MAX_TOKEN_LENGTH])
        if len(tokens) >= max_tokens:
            del tokens[max_tokens:]
            break
    return " ".join(tokens)


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query: tokens that must occur next to each other in the index.

    `prefix` marks the last token as a prefix (a single trailing character, or the word being
    typed in an autocomplete search). `text` is the normalized word, for highlighting.
    """

    tokens: tuple
    prefix: bool
    text: str
    # The word as typed, where OpenCC converted it: either may be what an article holds.
    alternative: "QueryTerm | None" = None

    def as_prefix(self):
        alternative = self.alternative.as_prefix() if self.alternative else None
        return QueryTerm(self.tokens, True, self.text, alternative)


def _term_for_runs(runs, text):
    tokens = []
    prefix = False
    last = len(runs) - 1
    for position, (is_cjk, run) in enumerate(runs):
        if not is_cjk:
            tokens.append(run)
        elif len(run) == 1:
            # After letters or digits the character starts its run, before them it ends it:
            # either way it was indexed on its own. Alone, it may be any character of a run.
            tokens.append(run)
            prefix = last == 0
        else:
            # Where the word goes on with letters or digits, the run must begin or end there.
            if position > 0:
                tokens.append(run[0])
            tokens.extend(_bigrams(run))
            if position != last:
                tokens.append(run[-1])
    return QueryTerm(tuple(tokens), prefix, text)


def _unique(terms):
    seen = set()
    unique = []
    for term in terms:
        key = (term.tokens, term.prefix)
        if key not in seen:
            seen.add(key)
            unique.append(term)
    return unique[:MAX_QUERY_TERMS]


def tokens_for_query(text):
    """The words of a typed query, each as a `QueryTerm`; all of them must match.

    Whitespace and punctuation separate words; inside a word, a change between Chinese, letters
    and digits does not (第129次 is one word: 第, 129 and 次 next to each other).

    A one-character word is the fallback for a reader who typed nothing else: next to longer
    words it is dropped, and of several only the first is kept. A common character's prefix
    covers thousands of bigrams, and the database merges them all for each one.
    """
    written = _fold_forms(text)
    normalized = to_simplified(written)
    # OpenCC's t2s keeps the length, so a word's place in the one is its place in the other.
    aligned = len(written) == len(normalized)
    terms = []
    for chunk in _CHUNK.finditer(normalized):
        word = chunk.group()
        runs = list(_runs(word))
        if runs:
            term = _term_for_runs(runs, word)
            as_written = written[chunk.start() : chunk.end()] if aligned else word
            if as_written != word:
                # OpenCC converts a character alone differently from inside one of its
                # phrases (於 alone is 于, in 於菟 it stays): an article may hold it as typed.
                alternative = _term_for_runs(list(_runs(as_written)), as_written)
                term = QueryTerm(term.tokens, term.prefix, term.text, alternative)
            terms.append(term)
        if len(terms) >= MAX_QUERY_TERMS * 2:
            break
    terms = _unique(terms)
    single = [term for term in terms if term.prefix]
    if len(single) < len(terms):
        return [term for term in terms if not term.prefix]
    return single[:1]


def phrase_for_query(text):
    """A quoted phrase as one `QueryTerm` (its words next to each other), or None if it is empty."""
    normalized = normalize(text)
    runs = list(_runs(normalized))
    if not runs:
        return None
    return _term_for_runs(runs, " ".join(chunk.group() for chunk in _CHUNK.finditer(normalized)))


def highlight_words(terms):
    """The normalized words to mark in titles and snippets, longest first."""
    words = set()
    for term in terms:
        words.update(term.text.split())
        if term.alternative:
            words.update(term.alternative.text.split())
    return sorted(words, key=len, reverse=True)
