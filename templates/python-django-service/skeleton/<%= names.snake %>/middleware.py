"""Request ids and the health probes."""

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from . import health, service
from .logging_json import request_id_var

# An incoming X-Request-Id is reused only when it is short and plain, so a client cannot inject
# text into logs or response headers; anything else is replaced by a fresh id.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class RequestIdMiddleware:
    """Gives each request an id: logged with every line and returned in X-Request-Id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-Id"] = request_id
        return response


class HealthCheckMiddleware:
    """Answers the liveness and readiness probes before Django validates the Host header.

    The ALB's health checks address the task by its private IP, which ALLOWED_HOSTS does not
    (and should not) list, so the probes must not reach CommonMiddleware. SecurityMiddleware runs
    first, with the probe paths in SECURE_REDIRECT_EXEMPT, so the plain-HTTP checks are not
    redirected to HTTPS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.probes = {
            service.LIVENESS_PATH: health.liveness,
            service.READINESS_PATH: health.readiness,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.probes.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"error": "method_not_allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return probe()
