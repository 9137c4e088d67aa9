from cancercenter.audit.services import current_request


class AuditRequestMiddleware:
    """Make the request known to audit events raised inside it (who, from where)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
