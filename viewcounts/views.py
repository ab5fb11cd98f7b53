from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .buffers import count_view
from .models import live_article_id
from .readers import is_reader_agent


def is_countable(request):
    if not is_reader_agent(request.headers.get("User-Agent", "")):
        return False
    # Only look the user up when a session cookie came with the request.
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (has_session and request.user.is_authenticated)


@csrf_exempt  # Counting a view changes nothing a forged request could abuse beyond a count.
@require_POST
def record_view(request, article_number):
    """The page's script asks here to count it: the page itself may come from a cache."""
    article_id = live_article_id(article_number)
    if article_id is None:
        raise Http404
    counted = is_countable(request)
    response = JsonResponse({"count": count_view(article_id, counted), "counted": counted})
    response["Cache-Control"] = "no-store"
    return response
