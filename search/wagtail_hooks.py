from wagtail.snippets.models import register_snippet

from .viewsets import SearchSynonymViewSet

register_snippet(SearchSynonymViewSet)
