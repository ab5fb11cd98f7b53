"""Any change to either word list makes every process rebuild its matcher."""

from django.db.models.signals import post_delete, post_save

from .checking import lists_changed
from .models import Misspelling, PublishingWord
from .signals import list_changed


def word_list_changed(sender, **kwargs):
    lists_changed()


def connect():
    for model in (PublishingWord, Misspelling):
        post_save.connect(
            word_list_changed, sender=model, dispatch_uid=f"contentcheck-{model.__name__}-save"
        )
        post_delete.connect(
            word_list_changed, sender=model, dispatch_uid=f"contentcheck-{model.__name__}-delete"
        )
        list_changed.connect(
            word_list_changed, sender=model, dispatch_uid=f"contentcheck-{model.__name__}-bulk"
        )
