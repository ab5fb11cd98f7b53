"""Where an imported page came from: its import log entries and the source's fingerprint.

Each import writes a page log entry `dayuan.import` holding the old address and a
fingerprint of what the source said. An article number that belongs to a page without such
an entry is someone else's article and is never overwritten; a re-import whose fingerprint
is unchanged writes nothing, so edits made in the admin since the last import survive
importing the same source again.
"""

import hashlib
import json

from django.utils import timezone

from wagtail.models import PageLogEntry

from .fields import clean_tags
from .records import IMPORT_ACTION


def fingerprint(article, fields, body, image_keys, featured_key):
    """What the source said, independent of database ids (images by content hash).

    Changing what goes in here makes every article of an earlier import look changed.
    """
    data = {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in fields.items()
    }
    data["section"] = list(article.section_path)
    data["tags"] = sorted(clean_tags(article.tags))
    # Image blocks hold image instances; the images count by their hashes, in `images`.
    data["body"] = [[kind, None if kind == "image" else value] for kind, value in body]
    data["images"] = image_keys
    data["featured"] = featured_key
    data["legacy_url"] = article.legacy_url
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(encoded.encode(), usedforsecurity=False).hexdigest()


def import_log_entry(page, article, fingerprint):
    """The unsaved log entry recording this import of `page`."""
    return PageLogEntry(
        content_type_id=page.content_type_id,
        page_id=page.pk,
        label=page.title[:255],
        action=IMPORT_ACTION,
        data={
            "legacy_url": article.legacy_url,
            "source": article.source,
            "fingerprint": fingerprint,
        },
        timestamp=timezone.now(),
        revision_id=page.latest_revision_id,
        content_changed=True,
    )


def last_import(page_id):
    """The data of the page's latest import log entry; None if it was never imported."""
    entry = (
        PageLogEntry.objects.filter(page_id=page_id, action=IMPORT_ACTION)
        .order_by("-timestamp", "-pk")
        .values("data")
        .first()
    )
    return None if entry is None else (entry["data"] or {})
