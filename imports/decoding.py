"""Reading saved pages: size limits, binary files and the encodings old portals used.

Old Chinese portals served GBK/GB2312 as often as UTF-8. GB18030 is a superset of both,
so it decodes every GBK page; UTF-8 is tried first because a GBK byte sequence is almost
never valid UTF-8, while the reverse is often "valid" GB18030 gibberish.
"""

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from .records import ImportProblem

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 32 * MEGABYTE
DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# GBK-family labels decode as GB18030, which is a strict superset of each.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13, 27})


def read_page(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem("空文件")
    if size > max_bytes:
        raise ImportProblem(
            f"文件过大({size / MEGABYTE:.1f} MB,上限 {max_bytes / MEGABYTE:.0f} MB,"
            "可用 --max-mb 调整)"
        )
    return decode_page(path.read_bytes())


def decode_page(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _non_empty(data.decode(encoding, errors="replace"))
    if looks_binary(data):
        raise ImportProblem("不是文本或网页文件(内容是二进制数据)")
    for encoding in _candidate_encodings(data):
        try:
            return _non_empty(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    guess = from_bytes(data).best()
    if guess is None:
        raise ImportProblem("无法识别文件编码(试过 UTF-8、GB18030 和自动检测)")
    return _non_empty(str(guess))


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > len(sample) * 0.05


def declared_encoding(data: bytes) -> str | None:
    match = DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match[1].decode("ascii").lower()
    if label in GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _candidate_encodings(data):
    candidates = ["utf-8", declared_encoding(data), "gb18030"]
    seen = []
    for encoding in candidates:
        if encoding and encoding not in seen:
            seen.append(encoding)
    return seen


def _non_empty(text: str) -> str:
    if not text.replace("\u00a0", " ").replace("\u3000", " ").strip():
        raise ImportProblem("空文件(只有空白)")
    return text
