"""Connected by `register_signal_handlers()` from HomeConfig.ready()."""

from django.db.models.signals import post_save

from pagecache.purge import purge_everything

from .models import SiteSettings
from .mourning import apply_mourning_quietly


def site_settings_changed(sender, created=False, **kwargs):
    """Site settings show in every page's header and footer.

    A settings row is created with its defaults on first use, while rendering a page:
    that changes nothing a reader has seen.
    """
    if not created:
        purge_everything()
        # Mourning turned on or off (or its window moved past now): every address goes.
        apply_mourning_quietly()


def register_signal_handlers():
    post_save.connect(site_settings_changed, sender=SiteSettings)
