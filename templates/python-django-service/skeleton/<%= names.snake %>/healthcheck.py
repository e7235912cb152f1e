"""Container health check: `python -m <package>.healthcheck` exits 0 when /healthz answers 200.

The runtime image is distroless (no shell, no curl), so Docker's HEALTHCHECK and an ECS
container health check run this module with the image's own Python instead.
"""

import sys
import urllib.request

from . import service

TIMEOUT = 3  # seconds


def main() -> int:
    url = f"http://127.0.0.1:{service.PORT}{service.LIVENESS_PATH}"
    try:
        # A fixed loopback http URL: no scheme or host comes from outside.
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310  # nosec B310
            return 0 if response.status == 200 else 1
    except OSError:  # refused, timed out, or an HTTP error status (HTTPError)
        return 1


if __name__ == "__main__":
    sys.exit(main())
