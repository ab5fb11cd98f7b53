from django.http import HttpResponse

from .rules import refusal, wait_seconds


class RateLimitMiddleware:
    """Answers 429 to a client over its limit (DAYUAN_RATE_LIMITS) before any costly work.

    Placed after the security and CSP middleware, so a refusal carries their headers, and
    before sessions, so refusing costs no session lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wait = wait_seconds(request.META, request.path_info)
        if not wait:
            return self.get_response(request)
        headers, body = refusal(wait)
        response = HttpResponse(body, status=429)
        for name, value in headers:
            response[name] = value
        return response
