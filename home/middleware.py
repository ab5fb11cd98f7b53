from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware


class SiteContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the admin's looser policy under /admin/."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return super().process_response(request, response)
