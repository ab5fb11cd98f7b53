"""/search/suggest/?q=…: suggestions while a reader types, as JSON (search/suggestions.py)."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from search.pinyin import MAX_QUERY_LENGTH, query_key
from search.suggestions import CACHE_SECONDS, suggestions_for


@require_GET
def suggest(request):
    typed = request.GET.get("q", "")
    if len(typed) > MAX_QUERY_LENGTH:
        typed = ""
    response = JsonResponse({"q": typed, "suggestions": suggestions_for(query_key(typed))})
    # The same for every reader, but the front cache keys on the path alone (not q): browsers
    # may keep it, shared caches must not.
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    response["X-Robots-Tag"] = "noindex"
    return response
