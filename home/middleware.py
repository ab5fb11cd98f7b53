from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.utils.csp import CSP


class SiteContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware with the site's other headers, and the admin's own policy.

    - Admin views get ADMIN_CSP.
    - A preview is rendered by the admin but is a public page: it gets the public
      policy, which the admin's preview panel may frame.
    - Every response gets Permissions-Policy and Cross-Origin-Resource-Policy.
    """

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        elif request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return super().process_response(request, response)
