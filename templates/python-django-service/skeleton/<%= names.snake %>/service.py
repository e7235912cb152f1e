"""What this service is, as the golden path rendered it (service.json), and what is deployed.

The rendered values live in a JSON file rather than in Python literals so that free text (the
description) is data, never code, and never depends on how a formatter quotes strings.
"""

import json
import os
from pathlib import Path

_METADATA = json.loads(Path(__file__).with_name("service.json").read_text(encoding="utf-8"))

NAME: str = _METADATA["name"]
TITLE: str = _METADATA["title"]
DESCRIPTION: str = _METADATA["description"]
SYSTEM: str = _METADATA["system"]
OWNER: str = _METADATA["owner"]
PORT: int = _METADATA["port"]
LIVENESS_PATH: str = _METADATA["livenessPath"]
READINESS_PATH: str = _METADATA["readinessPath"]


def version() -> str:
    """The deployed version: the deployment sets SERVICE_VERSION to the image's git SHA."""
    return os.environ.get("SERVICE_VERSION", "unknown")


def environment() -> str:
    """Where this copy runs: the ECS task definition sets APP_ENVIRONMENT (staging, production)."""
    return os.environ.get("APP_ENVIRONMENT", "local")
