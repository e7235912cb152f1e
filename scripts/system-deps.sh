#!/usr/bin/env bash
# Installs the Debian packages the tests and validators use, once; a no-op when all are present.
# bubblewrap: the policy gate's sandbox (every tool it runs); shellcheck: scripts and workflow run:
# blocks; docker-compose: compose file check; pytest-django, pytest-cov, gunicorn, jwt, cryptography: the generated
# Django service's own tests (gunicorn's Response for no Server header; JWT verification); postgresql: the
# backend on PostgreSQL; chromium: the portal's browser test; git: publishing; podman, debootstrap:
# the image recipe under test/podman (stand-in base images built with debootstrap; runc: crun refuses
# hybrid cgroups; curl: its probes); mkdocs, mkdocs-material: the portal's TechDocs builds (in the sandbox);
# jq: the hardening workflow's container-diff.sh (GitHub's runners have it) and its tests.
# From bookworm-backports (added as an apt source here): python3-django 4.2, the oldest Django the
# generated Python service supports (its requirements pin 5.2; bookworm itself has 3.2);
# golang-1.23-go: the generated Go service's tests (/usr/lib/go-1.23/bin/go); upx-ucl 4.2: unpacks the
# UPX-packed trivy once at the backend's start (bookworm has none; 4.2 reads trivy's UPX 5 packing).
set -euo pipefail
pkgs=(git bubblewrap shellcheck jq docker-compose python3 python3-pytest python3-pytest-django python3-pytest-cov python3-gunicorn python3-jwt python3-cryptography python3-psycopg2 postgresql chromium cookiecutter podman runc curl debootstrap mkdocs mkdocs-material)
# name=minimum version: installed from bookworm-backports when missing or older.
backports=(python3-django=3:4.2 golang-1.23-go=0 upx-ucl=4.2)
backports_list=/etc/apt/sources.list.d/bookworm-backports.sources

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in "${pkgs[@]}"; do
  installed "$p" || missing+=("$p")
done
missing_bpo=()
for entry in "${backports[@]}"; do
  p="${entry%%=*}" min="${entry#*=}"
  if ! installed "$p" || ! dpkg --compare-versions "$(dpkg-query -W -f='${Version}' "$p")" ge "$min"; then
    missing_bpo+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_bpo[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]} ${missing_bpo[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing_bpo[@]} -gt 0 ] && [ ! -f "$backports_list" ]; then
  # Backports are never chosen by default (NotAutomatic): only the packages named with -t below.
  printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm-backports' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    $SUDO tee "$backports_list" >/dev/null
fi
$SUDO apt-get update -qq >&2
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [ ${#missing_bpo[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports "${missing_bpo[@]}" >&2
fi
