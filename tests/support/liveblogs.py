"""Live blogs for tests: a published LiveBlogPage in a section, with entries."""

import datetime
import itertools

from django.utils import timezone

from liveblogs.models import LiveBlogEntry, LiveBlogPage

_numbers = itertools.count(7001)


def make_live_blog(section, title="图文直播:忻州马拉松", *, entries=0, closed=False, **fields):
    fields.setdefault("article_number", next(_numbers))
    fields.setdefault("slug", f"live{fields['article_number']}")
    fields.setdefault("body", [("paragraph", "<p>本网记者在现场为您直播。</p>")])
    fields.setdefault("coverage_start", timezone.now() - datetime.timedelta(hours=2))
    blog = LiveBlogPage(title=title, **fields)
    section.add_child(instance=blog)
    blog.save_revision().publish()
    for index in range(entries):
        add_entry(
            blog,
            f"<p>第{index + 1}条进展:选手通过{index + 1}公里处。</p>",
            minutes_ago=entries - index,
        )
    if closed:
        LiveBlogPage.objects.filter(pk=blog.pk).update(closed_at=timezone.now())
    blog.refresh_from_db()
    return blog


def add_entry(blog, text="<p>最新进展。</p>", *, minutes_ago=0, **fields):
    return LiveBlogEntry.objects.create(
        blog=blog,
        text=text,
        posted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )


def entries_url(blog, query=""):
    return f"/live/{blog.article_number}/entries.json" + (f"?{query}" if query else "")
