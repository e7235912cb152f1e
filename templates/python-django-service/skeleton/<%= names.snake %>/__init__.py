"""The service's Django project: settings, URLs, probes, logging and the JSON API app."""
