"""Is a screen of the admin all Chinese? Its text against the English of Wagtail's catalogues.

A browser collects what an editor meets on a screen: the visible text (and the screen-reader
text Wagtail hides visually), placeholders, aria-labels, titles and the document title. Each
piece is compared with every English message of the installed packages (home/translations.py
reads their msgids), placeholders standing for any text, and with a plain rule for English
that no catalogue knows (hard-coded in a template or a script): two or more English words in a
row. Proper names (Wagtail, the site's own name) and user content are the only exceptions.
"""

import re
from functools import cache

from home.translations import english_messages

# What the browser reads of a screen: one entry per text node or attribute, with where it is.
COLLECT_SCRIPT = """
() => {
  const found = [];
  const skip = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "CODE", "PRE", "TEXTAREA"]);
  const rendered = (element) =>
    element.checkVisibility({ visibilityProperty: true }) &&
    !element.closest("[data-admin-language-ignore], [contenteditable='true']");
  const describe = (element) => {
    const id = element.id ? "#" + element.id : "";
    const cls = typeof element.className === "string" && element.className.trim()
      ? "." + element.className.trim().split(/\\s+/).slice(0, 2).join(".") : "";
    return element.tagName.toLowerCase() + id + cls;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || !rendered(parent)) continue;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text) found.push({ kind: "text", text, where: describe(parent) });
  }
  const labelled = "[placeholder], [aria-label], [title], [alt]";
  for (const element of document.body.querySelectorAll(labelled)) {
    if (!rendered(element)) continue;
    for (const attribute of ["placeholder", "aria-label", "title", "alt"]) {
      const value = (element.getAttribute(attribute) || "").replace(/\\s+/g, " ").trim();
      if (value) found.push({ kind: attribute, text: value, where: describe(element) });
    }
  }
  found.push({ kind: "document title", text: document.title, where: "title" });
  return found;
}
"""

# Proper names and terms that stay as they are in Chinese text.
PROPER_NAMES = {
    "Wagtail",
    "Dayuan",
    "API",
    "URL",
    "ID",
    "HTML",
    "JavaScript",
    "RSS",
    "Atom",
    "SEO",
    "Markdown",
    "Draftail",
    "TOTP",
    "Gravatar",
    "PostgreSQL",
    "SQLite",
    "Redis",
    "Elasticsearch",
    "JPEG",
    "PNG",
    "GIF",
    "WebP",
    "AVIF",
    "HEIC",
    "SVG",
    "PDF",
    "CSV",
    "XLSX",
    "JSON",
    "DedeCMS",
    "Google",
    "Ctrl",
    "Shift",
    "Alt",
    "Cmd",
    "Enter",
    "Esc",
    "Tab",
    "Option",
    "Command",
    "Microsoft Authenticator",
    "FreeOTP",
    "App",
}
# Addresses and file names (pictures, documents, the video library's files) are data, not
# interface text.
FILE_EXTENSIONS = "jpe?g|png|gif|webp|pdf|docx?|xlsx?|csv|txt|mp4|webm|ogv|mov|m4v|mp3|m4a|wav"
NOT_TEXT = re.compile(r"(?:https?://|/)\S*|\S+@\S+|\S+\.(?:" + FILE_EXTENSIONS + r")\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
ENGLISH_WORD = r"[A-Za-z][a-z]+(?:'[a-z]+)?"
ENGLISH_PHRASE = re.compile(rf"\b{ENGLISH_WORD}(?:[ ,:;/-]+{ENGLISH_WORD})+\b")


def _pattern(message):
    """A regex for a message as the screen shows it: markup gone, placeholders as any text."""
    text = " ".join(TAG.sub(" ", message).split())
    parts = PLACEHOLDER.split(text)
    return ".+?".join(re.escape(part) for part in parts)


@cache
def english_patterns():
    """(exact words, [regex, ...]): every English message worth matching against a screen."""
    words, patterns = set(), []
    for entries in english_messages().values():
        for entry in entries.values():
            for message in (entry.msgid, entry.msgid_plural):
                if not message:
                    continue
                text = " ".join(TAG.sub(" ", message).split())
                letters = PLACEHOLDER.sub("", text)
                # A message that is a placeholder, punctuation or a proper name says nothing.
                if not re.search(r"[A-Za-z]{2}", letters) or text in PROPER_NAMES:
                    continue
                if PLACEHOLDER.search(text):
                    patterns.append(re.compile(_pattern(message)))
                else:
                    words.add(text.casefold())
    return words, patterns


def english_in(text, allowed=()):
    """Why `text` (a piece of one screen) is English, or None when it is not."""
    text = " ".join(NOT_TEXT.sub(" ", text).split())
    for name in (*PROPER_NAMES, *allowed):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    text = " ".join(text.split())
    if not re.search(r"[A-Za-z]{2}", text):
        return None
    words, patterns = english_patterns()
    if text.casefold() in words:
        return "Wagtail message"
    for pattern in patterns:
        if pattern.fullmatch(text):
            return f"Wagtail message /{pattern.pattern}/"
    phrase = ENGLISH_PHRASE.search(text)
    if phrase:
        return f"English phrase {phrase.group()!r}"
    return None


def english_on_screen(page, allowed=()):
    """[(kind, text, where, why), ...]: the English pieces of the screen open in `page`."""
    found = []
    seen = set()
    for piece in page.evaluate(COLLECT_SCRIPT):
        key = (piece["kind"], piece["text"])
        if key in seen:
            continue
        seen.add(key)
        why = english_in(piece["text"], allowed)
        if why:
            found.append((piece["kind"], piece["text"], piece["where"], why))
    return found
