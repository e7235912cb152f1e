"""Liveness and readiness.

Liveness says the process serves requests and checks nothing else: ECS replaces a task whose
liveness fails, and a database outage must not restart every task. Readiness also checks the
database with a cheap query; the ALB stops routing to a task that is not ready.
"""

import logging

from django.db import connections
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def liveness() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def database_is_ready(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not ready"; the probe itself must not fail
        # The error's type only: driver messages can name hosts and users.
        logger.warning(
            "readiness check failed", extra={"check": "database", "error": type(error).__name__}
        )
        return False
    return True


def readiness() -> JsonResponse:
    database = database_is_ready()
    checks = {"database": "ok" if database else "unavailable"}
    if database:
        return JsonResponse({"status": "ok", "checks": checks})
    return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
