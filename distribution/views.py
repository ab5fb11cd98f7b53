"""The IndexNow key file, `/<key>.txt`: how an engine checks that the site holds the key.

Not put in the page cache: it changes when the key is saved, and engines fetch it rarely.
Any other name is a 404, so the address does not tell whether a key is configured.
"""

from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET

from .models import PushSettings


@require_GET
def indexnow_key_file(request, key):
    configured = PushSettings.for_request(request).indexnow_key
    if not configured or not constant_time_compare(key, configured):
        raise Http404("没有这个文件。")
    return HttpResponse(configured, content_type="text/plain; charset=utf-8")
