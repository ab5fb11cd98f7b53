from django.core.cache import cache
from django.db.models import Q

from wagtail.models import PageQuerySet, PageViewRestriction

RESTRICTED_PATHS_CACHE_KEY = "dayuan:restricted-page-paths"


def restricted_paths():
    """Tree paths of pages with a view restriction, cached until a restriction changes.

    Wagtail's `public()` reads the restriction table every time it is called; a
    listing page calls it several times per request.
    """
    paths = cache.get(RESTRICTED_PATHS_CACHE_KEY)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(RESTRICTED_PATHS_CACHE_KEY, paths, None)
    return paths


def forget_restricted_paths():
    cache.delete(RESTRICTED_PATHS_CACHE_KEY)


class NewsPageQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


class CachedViewRestrictionsMixin:
    """Skip Wagtail's per-request restriction queries when no restriction can apply."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for path in restricted_paths()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
