from django.dispatch import Signal

# Sent after what readers see in an article's comments changed (a comment approved,
# published, rejected, deleted or replied to), once per article, with `article_id`
# and `action` ("approve", "publish", "reject", "delete", "reply"). The page cache
# listens to purge that article's page.
comments_changed = Signal()
