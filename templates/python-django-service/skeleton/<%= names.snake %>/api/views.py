"""GET /api/v1/info: what this service is, which version runs, and where."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from .. import service


@require_safe
def info(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "service": service.NAME,
            "description": service.DESCRIPTION,
            "system": service.SYSTEM,
            "version": service.version(),
            "environment": service.environment(),
            "requestId": request.request_id,
        }
    )
