"""An exemption added or taken away changes the cached WatermarkState (watermarks/specs.py).

Connected by `register_signal_handlers()` from WatermarksConfig.ready().
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pagecache.content import content_changed

from .models import ImageWatermarkExemption


def exemption_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(content_changed)


def register_signal_handlers():
    post_save.connect(exemption_changed, sender=ImageWatermarkExemption)
    post_delete.connect(exemption_changed, sender=ImageWatermarkExemption)
