from wagtail.models import Site

from .backends import near_cache as cache


class CachedSiteSettingMixin:
    """Site settings read from the cache instead of the database on every page.

    Every page shows the site settings (header, footer) and every article the comment
    switches; they change a few times a year. Saving one drops the cached copy.
    """

    @classmethod
    def settings_cache_key(cls, site_id):
        return f"dayuan:setting:{cls._meta.label_lower}:{site_id}"

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)
        key = cls.settings_cache_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = super().for_site(site)
            cache.set(key, instance, None)
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.settings_cache_key(self.site_id))

    def delete(self, *args, **kwargs):
        cache.delete(self.settings_cache_key(self.site_id))
        return super().delete(*args, **kwargs)


def forget_all_site_settings():
    """Drop every cached site setting of every site (`manage.py purge_cache`)."""
    classes, pending = [], list(CachedSiteSettingMixin.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls._meta.abstract:
            classes.append(cls)
    site_ids = list(Site.objects.values_list("pk", flat=True))
    cache.delete_many([cls.settings_cache_key(site_id) for cls in classes for site_id in site_ids])
