from django.http import Http404, JsonResponse
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pagecache.editors import is_editor

from .buffers import count_view
from .models import live_article_id
from .readers import first_view_in_window, is_reader_agent

# A JSON answer loads nothing and is framed by nobody; the WSGI fast path sends the same.
HITS_CSP = {"default-src": [CSP.NONE], "frame-ancestors": [CSP.NONE]}


def is_countable(request):
    if not is_reader_agent(request.headers.get("User-Agent", "")):
        return False
    # Only a signed editor cookie makes the user worth looking up (pagecache/editors.py).
    return not (is_editor(request.COOKIES) and request.user.is_authenticated)


@csrf_exempt  # Counting a view changes nothing a forged request could abuse beyond a count.
@require_POST
@csp_override(HITS_CSP)
def record_view(request, article_number):
    """The page's script asks here to count it: the page itself may come from a cache."""
    article_id = live_article_id(article_number)
    if article_id is None:
        raise Http404
    counted = is_countable(request) and first_view_in_window(request.META, article_id)
    response = JsonResponse({"count": count_view(article_id, counted), "counted": counted})
    response["Cache-Control"] = "no-store"
    return response
