"""A saved or deleted synonym rule takes effect at the next search: the cached rules go.

Connected by `register_signal_handlers()` from SearchConfig.ready().
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import SearchSynonym


def forget_synonyms(sender, **kwargs):
    SearchSynonym.forget_current()
    # Again once the change is committed: a search between the save and the commit may have
    # cached the rules as they were.
    transaction.on_commit(SearchSynonym.forget_current)


def register_signal_handlers():
    post_save.connect(forget_synonyms, sender=SearchSynonym, dispatch_uid="search_synonyms_saved")
    post_delete.connect(
        forget_synonyms, sender=SearchSynonym, dispatch_uid="search_synonyms_deleted"
    )
