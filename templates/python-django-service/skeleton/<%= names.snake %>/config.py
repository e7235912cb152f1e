"""Reading settings from the environment (twelve-factor), without extra dependencies.

Secrets (DJANGO_SECRET_KEY, the database credentials) reach the container as environment
variables that the ECS task definition takes from AWS Secrets Manager; nothing is read from files.
"""

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

POSTGRES_ENGINE = "django.db.backends.postgresql"
SQLITE_ENGINE = "django.db.backends.sqlite3"

_SCHEMES = {
    "postgres": POSTGRES_ENGINE,
    "postgresql": POSTGRES_ENGINE,
    "sqlite": SQLITE_ENGINE,
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
# Seconds to wait for PostgreSQL to accept a connection, so a probe never hangs a worker.
DEFAULT_CONNECT_TIMEOUT = 5
# The certificate authorities of Amazon RDS (every region), in the image: the database's
# certificate is verified against them and its name against the host (sslmode verify-full).
RDS_CA_BUNDLE = "/etc/ssl/certs/rds-global-bundle.pem"


def require_env(name: str, environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off.")


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer.") from None


def env_list(name: str, environ: Mapping[str, str] = os.environ) -> list[str]:
    """A comma-separated list, e.g. DJANGO_ALLOWED_HOSTS=api.example.com,api.internal."""
    return [item.strip() for item in environ.get(name, "").split(",") if item.strip()]


def _tls(options: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """TLS to PostgreSQL, verified (verify-full, the RDS CAs) unless sslmode says otherwise."""
    options.setdefault("sslmode", "verify-full")
    if options["sslmode"] in ("verify-ca", "verify-full"):
        bundle = environ.get("DB_SSLROOTCERT", "").strip() or RDS_CA_BUNDLE
        options.setdefault("sslrootcert", bundle)
    return options


def parse_database_url(url: str, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """A postgres:// URL (user, password, host, port, database, ?sslmode=) or sqlite:///path.

    Errors never repeat the URL: it holds the database password.
    """
    parts = urlsplit(url)
    engine = _SCHEMES.get(parts.scheme)
    if engine is None:
        supported = ", ".join(sorted(_SCHEMES))
        raise ImproperlyConfigured(f"DATABASE_URL must start with one of: {supported}.")
    if engine == SQLITE_ENGINE:
        return {"ENGINE": engine, "NAME": unquote(parts.path[1:]) or ":memory:"}
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DATABASE_URL has an invalid port.") from None
    options: dict[str, Any] = dict(parse_qsl(parts.query))
    options["connect_timeout"] = int(options.get("connect_timeout", DEFAULT_CONNECT_TIMEOUT))
    # Verified TLS to the database unless the URL says otherwise (?sslmode=disable for a local one).
    _tls(options, environ)
    return {
        "ENGINE": engine,
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def database_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """DATABASE_URL, or DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD (what an RDS secret holds).

    Either way TLS is verified (verify-full, the RDS CAs or DB_SSLROOTCERT) unless sslmode
    (DB_SSLMODE) says otherwise.
    """
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        return parse_database_url(url, environ)
    if environ.get("DB_HOST", "").strip():
        options: dict[str, Any] = {"connect_timeout": DEFAULT_CONNECT_TIMEOUT}
        if environ.get("DB_SSLMODE", "").strip():
            options["sslmode"] = environ["DB_SSLMODE"].strip()
        return {
            "ENGINE": POSTGRES_ENGINE,
            "HOST": require_env("DB_HOST", environ),
            "PORT": environ.get("DB_PORT", "").strip() or "5432",
            "NAME": require_env("DB_NAME", environ),
            "USER": require_env("DB_USER", environ),
            "PASSWORD": require_env("DB_PASSWORD", environ),
            "OPTIONS": _tls(options, environ),
        }
    raise ImproperlyConfigured(
        "Configure the database with DATABASE_URL, or DB_HOST, DB_NAME, DB_USER and DB_PASSWORD."
    )


def jwt_auth_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, str] | None:
    """AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE and AUTH_JWT_JWKS_URL (all or none): bearer tokens."""
    names = {
        "issuer": "AUTH_JWT_ISSUER",
        "audience": "AUTH_JWT_AUDIENCE",
        "jwks_url": "AUTH_JWT_JWKS_URL",
    }
    values = {key: environ.get(name, "").strip() for key, name in names.items()}
    if not any(values.values()):
        return None
    missing = [names[key] for key, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(f"Set {', '.join(missing)} too, or none of AUTH_JWT_*.")
    if not values["jwks_url"].startswith("https://"):
        raise ImproperlyConfigured("AUTH_JWT_JWKS_URL must be an https:// URL.")
    return values
