"""Structured logs: one JSON object per line on stdout, with the request id of the request.

Django and gunicorn (its error and access logs) share this configuration, so every line the
container prints can be parsed by CloudWatch Logs Insights.
"""

import json
import logging
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from . import service

# Set by RequestIdMiddleware for the duration of a request.
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# LogRecord attributes that are not caller-supplied `extra` fields, and Django's `request`
# extra, whose text form carries the query string.
_NOT_EXTRA = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}

# gunicorn's access-log atoms, renamed. The query string is left out on purpose: it may carry
# card numbers or other identifiers that must never reach the logs (PCI DSS requirement 3).
_ACCESS_ATOMS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "H": "protocol",
    "s": "status",
    "B": "response_bytes",
    "a": "user_agent",
    "{x-request-id}o": "request_id",
}


def _access_fields(atoms: Mapping[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for atom, field in _ACCESS_ATOMS.items():
        value = atoms.get(atom)
        if isinstance(value, str):
            value = value.replace('\\"', '"')  # gunicorn escapes quotes for its text format
        if value not in (None, "-"):
            fields[field] = value
    if str(fields.get("status", "")).isdigit():
        fields["status"] = int(fields["status"])
    duration_us = atoms.get("D")
    if isinstance(duration_us, int):
        fields["duration_ms"] = round(duration_us / 1000, 3)
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        created = datetime.fromtimestamp(record.created, tz=UTC)
        payload: dict[str, Any] = {
            "timestamp": created.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "service": service.NAME,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            access = _access_fields(record.args)
            method, path, status = (access.get(k, "-") for k in ("method", "path", "status"))
            payload["message"] = f"{method} {path} {status}"
            payload.update(access)
        else:
            payload["message"] = record.getMessage()
        request_id = request_id_var.get()
        if request_id and "request_id" not in payload:
            payload["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _NOT_EXTRA and key not in payload:
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        # One line per record; ensure_ascii also escapes U+2028/U+2029, which some tools split on.
        return json.dumps(payload, default=str, ensure_ascii=True)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A logging.config.dictConfig for Django's LOGGING and gunicorn's logconfig_dict."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            # Replace Django's default handlers (plain text on stderr when DEBUG is on).
            "django": {"level": level, "handlers": [], "propagate": True},
            "django.server": {"level": level, "handlers": [], "propagate": True},
            "gunicorn.error": {"level": level, "handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }
