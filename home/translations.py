"""The admin's Chinese: which messages still show in English, and the compiled catalogues.

Wagtail 8 ships zh_Hans catalogues that leave about a fifth of the admin in English; the
project completes them in its own ``locale/`` (LOCALE_PATHS, which Django reads before every
app's catalogue). Two jobs live here, in pure Python so that ``make install`` needs no
Debian ``gettext`` on a fresh machine:

* ``compile_catalogue`` writes a ``.mo`` from a ``.po`` (the GNU format, as Python's own
  Tools/i18n/msgfmt.py does); the ``.mo`` files are build products and never committed.
* ``missing_messages`` lists every English message of the installed packages (Wagtail and
  its contrib apps, modelsearch, django-taggit, django-simple-captcha, the project's own
  apps) that neither the package's zh_Hans catalogue nor the project's translates, so a
  dependency upgrade that brings new English is caught by ``make translations``.
"""

import ast
import gettext
import importlib.util
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGE = "zh_Hans"
DOMAINS = ("django", "djangojs")
# The packages whose admin text editors see; Django's own catalogues are complete already.
PACKAGES = ("wagtail", "modelsearch", "taggit", "captcha", "wagtailmedia")
# Python calls whose first string argument is a message (for packages shipping no catalogue).
GETTEXT_CALLS = {
    "_": "msgid",
    "gettext": "msgid",
    "gettext_lazy": "msgid",
    "gettext_noop": "msgid",
    "ngettext": "plural",
    "ngettext_lazy": "plural",
    "pgettext": "context",
    "pgettext_lazy": "context",
    "npgettext": "context_plural",
    "npgettext_lazy": "context_plural",
}
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self):
        """The message as gettext looks it up: context, singular, and whether it is plural.

        ngettext finds only an entry that has a plural: a singular entry with the same msgid
        leaves a count message in English.
        """
        return (self.msgctxt, self.msgid, self.msgid_plural is not None)

    @property
    def translated(self):
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text):
    return ast.literal_eval(text)


def parse_po(path):
    """The entries of a .po file (header first, obsolete ``#~`` entries left out)."""
    entries = []
    current = None
    flags, references = set(), []
    last = None  # the field the next continuation line extends
    index = 0  # which msgstr[n] a continuation line extends

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            finish()
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#:"):
            finish()
            references += line[2:].split()
            continue
        if line.startswith("#"):
            finish()
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if last == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, last, getattr(current, last) + value)
            continue
        keyword, _, rest = line.partition(" ")
        value = _unquote(rest)
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgstr)):
            finish()
            current = Entry(msgid="", flags=flags, references=references)
            flags, references = set(), []
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            current.msgstr[index] = value
            last = "msgstr"
        else:
            setattr(current, keyword, value)
            last = keyword
    finish()
    return entries


def compile_catalogue(po_path, mo_path):
    """Write the GNU .mo for a .po: translated, non-fuzzy entries, keys sorted."""
    messages = {}
    for entry in parse_po(po_path):
        if not entry.translated and entry.msgid:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        value = "\0".join(entry.msgstr[index] for index in sorted(entry.msgstr))
        messages[key.encode()] = value.encode()
    keys = sorted(messages)
    header_size = 7 * 4
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    ids_start = header_size + 16 * len(keys)
    strs_start = ids_start + len(ids)
    key_table, value_table = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, ids_start + id_offset]
        value_table += [str_length, strs_start + str_offset]
    output = struct.pack(
        "Iiiiiii", 0x950412DE, 0, len(keys), header_size, header_size + 8 * len(keys), 0, 0
    )
    output += struct.pack(f"{len(key_table)}i", *key_table)
    output += struct.pack(f"{len(value_table)}i", *value_table)
    Path(mo_path).write_bytes(output + ids + strs)


def compile_locale(locale_dir):
    """Compile every .po under a locale directory; the .mo paths written."""
    written = []
    for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        compile_catalogue(po_path, mo_path)
        written.append(mo_path)
    return written


def _package_dir(name):
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent


def _mo_keys(path):
    """The (context, msgid, plural) keys a compiled catalogue translates."""
    with open(path, "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    keys = set()
    for key, value in catalogue.items():
        # A plural message is stored once per form, keyed (msgid, form).
        plural = isinstance(key, tuple)
        if plural:
            key = key[0]
        if not key or not value:
            continue
        context, _, msgid = key.rpartition("\x04")
        keys.add((context or None, msgid, plural))
    return keys


def _source_messages(directory):
    """Messages marked in Python source, for a package that ships no catalogue: {key: Entry}."""
    messages = {}
    for path in sorted(Path(directory).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or ".venv" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            kind = GETTEXT_CALLS.get(name)
            strings = [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            if kind is None or not strings:
                continue
            context = strings.pop(0) if kind.startswith("context") and strings else None
            if strings:
                plural = strings[1] if kind.endswith("plural") and len(strings) > 1 else None
                entry = Entry(
                    msgid=strings[0],
                    msgctxt=context,
                    msgid_plural=plural,
                    references=[f"{path.name}:{node.lineno}"],
                )
                messages[entry.key] = entry
    return messages


@dataclass
class Missing:
    package: str
    domain: str
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    reference: str


def english_messages():
    """Every package's English messages: {(package, domain): {key: Entry}}."""
    result = {}
    for package in PACKAGES:
        root = _package_dir(package)
        catalogues = sorted(root.rglob("locale/en/LC_MESSAGES/*.po"))
        if not catalogues:
            result[(package, "django")] = _source_messages(root)
        for path in catalogues:
            if path.stem not in DOMAINS:
                continue
            label = ".".join(path.relative_to(root.parent).parts[:-4])
            entries = {entry.key: entry for entry in parse_po(path) if entry.msgid}
            result[(label, path.stem)] = entries
    return result


def translated_keys(domain, project_locale, app_locale_dirs):
    """What Django would translate for a domain: every app catalogue plus the project's.

    The server side merges all installed apps' catalogues into one, so a message translated
    by any of them shows in Chinese; the admin's JavaScript catalogue only reads
    wagtail.admin's and LOCALE_PATHS.
    """
    keys = set()
    directories = (
        app_locale_dirs if domain == "django" else [_package_dir("wagtail") / "admin" / "locale"]
    )
    for directory in directories:
        path = Path(directory) / LANGUAGE / "LC_MESSAGES" / f"{domain}.mo"
        if path.exists():
            keys |= _mo_keys(path)
    project_po = Path(project_locale) / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
    if project_po.exists():
        keys |= {entry.key for entry in parse_po(project_po) if entry.msgid and entry.translated}
    return keys


def _own_keys(package, domain):
    """What a package's own zh_Hans catalogue translates (empty for a project app)."""
    try:
        directory = _package_dir(package)
    except (ImportError, AttributeError, ValueError):
        return set()
    path = directory / "locale" / LANGUAGE / "LC_MESSAGES" / f"{domain}.mo"
    return _mo_keys(path) if path.exists() else set()


def missing_messages(project_locale, app_locale_dirs, project_dirs=()):
    """The English messages no zh_Hans catalogue translates, package by package."""
    translated = {
        domain: translated_keys(domain, project_locale, app_locale_dirs) for domain in DOMAINS
    }
    missing = []
    sources = english_messages()
    for directory in project_dirs:
        entries = {
            key: entry
            for key, entry in _source_messages(directory).items()
            if not HAN.search(entry.msgid)
        }
        sources[(Path(directory).name, "django")] = entries
    for (package, domain), entries in sorted(sources.items()):
        # A contrib app that is not installed brings its own catalogue when it is.
        own = _own_keys(package, domain)
        for key, entry in entries.items():
            if key in translated[domain] or key in own:
                continue
            reference = entry.references[0] if entry.references else ""
            missing.append(
                Missing(package, domain, entry.msgctxt, entry.msgid, entry.msgid_plural, reference)
            )
    return missing


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def format_errors(po_path):
    """Translations whose placeholders or markup differ from the English.

    With one plural form the single msgstr stands for every count, so it is checked against
    the plural msgid, whose placeholders it must carry.
    """
    errors = []
    for entry in parse_po(po_path):
        if not entry.msgid or not entry.translated:
            continue
        source = entry.msgid_plural or entry.msgid
        for translation in entry.msgstr.values():
            placeholders = sorted(PLACEHOLDER.findall(source))
            if placeholders != sorted(PLACEHOLDER.findall(translation)):
                errors.append(f"{entry.msgid!r}: placeholders differ in {translation!r}")
            if sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
                errors.append(f"{entry.msgid!r}: markup differs in {translation!r}")
    return errors


def main(argv):
    """``python -m home.translations compile PATH...``: no Django settings needed.

    Each PATH is a .po file or a locale directory whose catalogues are all compiled.
    """
    if len(argv) < 3 or argv[1] != "compile":
        print("usage: python -m home.translations compile PATH...")
        return 2
    for name in argv[2:]:
        path = Path(name)
        if path.suffix == ".po":
            compile_catalogue(path, path.with_suffix(".mo"))
            written = [path.with_suffix(".mo")]
        else:
            written = compile_locale(path)
        for mo_path in written:
            print(f"compiled {mo_path}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
