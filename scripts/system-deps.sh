#!/usr/bin/env bash
# Installs the Debian packages the tests and validators use, once; a no-op when all are present.
# bubblewrap: the policy gate's sandbox (every tool it runs); shellcheck: scripts and workflow run:
# blocks; docker-compose: compose file check; python3-django, pytest-django, pytest-cov: the
# generated Django service's own tests; postgresql: the backend on PostgreSQL; chromium: the
# portal's browser test; git: publishing.
set -euo pipefail
pkgs=(git bubblewrap shellcheck docker-compose python3 python3-django python3-pytest python3-pytest-django python3-pytest-cov python3-psycopg2 postgresql chromium cookiecutter)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
