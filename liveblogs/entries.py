"""Adding, changing and removing entries, and what readers are shown of them.

One path for every change (the admin screen, the demo loader, tests): it saves, logs with
`wagtail.log_actions.log` on the live blog (so each entry shows in the page's history)
and, once the change commits, forgets the blog's entries and purges its page and its JSON
(signal_handlers.py does the forgetting for any save, so a change made in a shell counts
too).

What readers are shown of the entries is built in models.py (`entry_payloads`) and kept
under the blog's own token, which `forget_entries` replaces.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from news.invalidation import paths_for_article
from pagecache.backends import near_cache as cache
from pagecache.content import content_changed
from pagecache.purge import purge

from .models import LiveBlogPage, entries_version_key

ADD, EDIT, DELETE, CLOSE, REOPEN = (
    "liveblogs.add_entry",
    "liveblogs.edit_entry",
    "liveblogs.delete_entry",
    "liveblogs.close",
    "liveblogs.reopen",
)
LOG_ACTIONS = [
    (ADD, "添加直播条目", "添加了直播条目"),
    (EDIT, "修改直播条目", "修改了直播条目"),
    (DELETE, "删除直播条目", "删除了直播条目"),
    (CLOSE, "结束直播", "结束了直播,页面转为普通存档"),
    (REOPEN, "重新开始直播", "重新开始了直播"),
]


def entries_json_path(blog):
    return blog.entries_json_url


def blog_paths(blog):
    """The cached addresses an entry change touches: the live page and its JSON."""
    parts = blog.get_url_parts()
    return {parts[2] if parts else None, entries_json_path(blog)}


def forget_entries(blog):
    """New token for the blog's kept entries; purge its page and JSON after commit."""

    def forget():
        cache.set(entries_version_key(blog.pk), secrets.token_hex(4), None)
        purge(blog_paths(blog))

    transaction.on_commit(forget)


def _entry_data(entry):
    return {"id": entry.pk, "headline": entry.headline, "posted_at": entry.posted_at.isoformat()}


def add_entry(blog, entry, user):
    entry.blog = blog
    entry.author = user
    with transaction.atomic():
        entry.save()
        log(instance=blog, action=ADD, user=user, data=_entry_data(entry))
    return entry


def edit_entry(entry, user):
    with transaction.atomic():
        entry.save()
        log(instance=entry.blog, action=EDIT, user=user, data=_entry_data(entry))
    return entry


def delete_entry(entry, user):
    data = _entry_data(entry)
    with transaction.atomic():
        entry.delete()
        log(instance=entry.blog, action=DELETE, user=user, data=data)


def set_closed(blog, closed, user):
    """End the coverage (the page becomes an archive) or start it again."""
    if blog.is_closed == closed:
        return
    blog.closed_at = timezone.now() if closed else None
    with transaction.atomic():
        LiveBlogPage.objects.filter(pk=blog.pk).update(closed_at=blog.closed_at)
        log(instance=blog, action=CLOSE if closed else REOPEN, user=user)

    def refresh():
        # The routed page object is kept until content changes: it carries closed_at.
        content_changed()
        purge(paths_for_article(blog) | blog_paths(blog))

    transaction.on_commit(refresh)
