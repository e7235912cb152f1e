"""Bearer-token authentication, when the service is configured for it (clientAuth jwt).

Every request but the probes must carry ``Authorization: Bearer <JWT>`` signed by one of the
identity provider's keys (published at AUTH_JWT_JWKS_URL), issued by AUTH_JWT_ISSUER for
AUTH_JWT_AUDIENCE, and not expired. Without that configuration the middleware removes itself:
internal services, and those whose load balancer signs people in, do not check tokens here.
"""

from collections.abc import Callable
from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, JsonResponse

# Asymmetric algorithms only: a token "signed" with the public key as an HMAC secret, or with
# none, is refused.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
# Clock skew tolerated between the provider and the service, in seconds.
LEEWAY = 30


class JwtAuthenticationMiddleware:
    """Refuses a request without a valid bearer token with 401; keeps the claims on the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        config: dict[str, str] | None = getattr(settings, "AUTH_JWT", None)
        if not config:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.issuer = config["issuer"]
        self.audience = config["audience"]
        # Fetches the provider's keys when a token names an unknown key id, and caches them.
        self.keys = jwt.PyJWKClient(config["jwks_url"], cache_keys=True)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _unauthorized("a bearer token is required")
        try:
            request.auth_claims = self._claims(token.strip())
        except jwt.PyJWKClientError:
            return _unauthorized("the token's signing key is not the identity provider's")
        except jwt.InvalidTokenError:
            return _unauthorized("the token is not valid for this service")
        return self.get_response(request)

    def _claims(self, token: str) -> dict[str, Any]:
        key = self.keys.get_signing_key_from_jwt(token).key
        return jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=self.audience,
            issuer=self.issuer,
            leeway=LEEWAY,
            options={"require": ["exp", "iss", "aud"]},
        )


def _unauthorized(reason: str) -> JsonResponse:
    response = JsonResponse({"error": "unauthorized", "detail": reason}, status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response
