"""The keys a suggestion is found by while a reader types: its text, its pinyin, its initials.

A reader types the start of what they look for, in characters (忻州) or, before the input method
has produced characters, in pinyin: in full (xinzhou, xin'zhou, Xin Zhou) or by initials (xz).
Each title and tag is stored under all of these as *keys*, and a typed query is folded the same
way, so that finding suggestions is a prefix lookup on an indexed column (search/suggestions.py).

* **Folding** (text and query alike): compatibility forms folded (ＣＯＶＩＤ → covid), lower case,
  ü written as v (as input methods take it: 吕梁 → lvliang), and everything that is not a letter
  or digit dropped (spaces, apostrophes, punctuation, emoji): ``Xin'zhou`` → ``xinzhou``.
* **Pinyin** of a run of Chinese characters comes from pypinyin, without tones; letters and digits
  in between are kept as they are (5G网络 → ``5gwangluo``, initials ``5gwl``).
* **Polyphonic characters.** pypinyin's phrase dictionary reads a character in context (重庆 is
  chongqing, 银行 yinhang), and its reading is always stored. Where the dictionary does not
  decide, pypinyin returns every reading of the character (heteronym mode), its most common
  first: 长治 comes back as zhang|chang zhi|chi. Then readings that change one of the first
  four characters to another of its readings are stored too, at most four readings in all, so
  both zhangzhi (pypinyin's guess) and changzhi (the city) find 长治. Only the first characters:
  a reader types the start of a title, and every combination of every character would multiply.

Keys are cut to `MAX_KEY_LENGTH` characters: a prefix longer than that is matched on its first
`MAX_KEY_LENGTH` characters. Every function here is total (any string in, no exception) and
linear in the part of the text it reads; it never reads more than a few hundred characters.
"""

import re
import unicodedata
from dataclasses import dataclass

# Keys longer than this are cut. 64 letters of pinyin is about 12 characters of a title.
MAX_KEY_LENGTH = 64
# Characters of a title or tag turned into keys: enough for 64 initials.
TEXT_READ_LENGTH = MAX_KEY_LENGTH
# Readings of a polyphonic start stored per text (the first is pypinyin's own).
MAX_READINGS = 4
# Only these first Chinese characters of a text get their other readings.
HETERONYM_POSITIONS = 4
# A typed query longer than the search page takes gets no suggestions.
MAX_QUERY_LENGTH = 100
# A query of Latin letters or digits must have this many to be looked up: one letter starts tens
# of thousands of keys at 100,000 articles, and nobody chooses among them. One Chinese character
# is enough.
MIN_ASCII_QUERY_LENGTH = 2

# Han ideographs (the unified block, its extensions A–H and the compatibility ideographs) and
# 〇: what pypinyin reads.
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def fold(text):
    """Letters and digits only, compatibility forms folded, lower case, ü as v."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("ü", "v")
    return "".join(character for character in folded if character.isalnum())


def has_han(text):
    return _HAN.search(text) is not None


@dataclass(frozen=True)
class _Piece:
    """A Han character's readings (most likely first), or a run of anything else, folded."""

    readings: tuple
    han: bool


def _pieces(text):
    # Imported here: pypinyin loads its phrase dictionaries on import (about 80 MB), which
    # only a process that writes suggestions needs; a reader's query is never turned into
    # pinyin (query_key).
    from pypinyin import Style, pinyin

    pieces = []
    position = 0
    for match in _HAN.finditer(text):
        if match.start() > position:
            pieces.append(_Piece((fold(text[position : match.start()]),), han=False))
        for readings in pinyin(match.group(), style=Style.NORMAL, heteronym=True):
            folded = tuple(dict.fromkeys(fold(reading) for reading in readings if fold(reading)))
            pieces.append(_Piece(folded or ("",), han=True))
        position = match.end()
    if position < len(text):
        pieces.append(_Piece((fold(text[position:]),), han=False))
    return [piece for piece in pieces if piece.readings[0]]


def _variants(pieces):
    """Each piece's chosen reading: pypinyin's own, then one early character changed at a time."""
    chosen = [piece.readings[0] for piece in pieces]
    variants = [chosen]
    han_seen = 0
    for index, piece in enumerate(pieces):
        if not piece.han:
            continue
        han_seen += 1
        if han_seen > HETERONYM_POSITIONS:
            break
        for reading in piece.readings[1:]:
            if len(variants) >= MAX_READINGS:
                return variants
            variants.append([*chosen[:index], reading, *chosen[index + 1 :]])
    return variants


def readings(text):
    """The pinyin keys of `text`: full readings and initials, in order, without repeats."""
    pieces = _pieces(text[:TEXT_READ_LENGTH])
    full, initials = [], []
    for variant in _variants(pieces):
        full.append("".join(variant)[:MAX_KEY_LENGTH])
        initials.append(
            "".join(
                reading[0] if piece.han else reading
                for piece, reading in zip(pieces, variant, strict=True)
            )[:MAX_KEY_LENGTH]
        )
    return list(dict.fromkeys(key for key in full + initials if key))


def keys_for(text):
    """Every key `text` is found by: its folded text, then its pinyin readings and initials."""
    keys = [fold(text[: MAX_KEY_LENGTH * 2])[:MAX_KEY_LENGTH]]
    if has_han(text[:TEXT_READ_LENGTH]):
        keys.extend(readings(text))
    return list(dict.fromkeys(key for key in keys if key))


def query_key(raw):
    """The key to look up for what a reader typed, or "" when there is nothing to suggest.

    Longer than the search page accepts: nothing. The query is folded like the keys and never
    turned into pinyin itself: 忻州 finds titles that start with 忻州, not every homophone.
    """
    if len(raw) > MAX_QUERY_LENGTH:
        return ""
    key = fold(raw)[:MAX_KEY_LENGTH]
    if key.isascii() and len(key) < MIN_ASCII_QUERY_LENGTH:
        return ""
    return key
