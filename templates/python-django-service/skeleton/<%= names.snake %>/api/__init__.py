"""The service's JSON API (version 1)."""
