#!/usr/bin/env bash
# Builds a rendered python-django-service example's image under podman and runs it as ECS does,
# with no registry: the base images are stand-ins built here with debootstrap (Debian 13, the
# release the real bases are built from) and handed to the build under the exact references the
# Dockerfile pins (`--build-context <image:tag@digest>=container-image://<stand-in>`), so the
# Dockerfile is built unchanged and nothing is pulled.
#
#   stand-in build base:   debootstrap minbase + python3-venv (apt, a shell), as debian:13-slim
#   stand-in runtime base: the same root filesystem, then no shell, no apt/dpkg, a nonroot user
#                          65532, as gcr.io/distroless/python3-debian13:nonroot
# Both come from one debootstrap (the build base's packages include the runtime's python3).
#
# Checks, each printed as `check <name> <value>` for test/podman/run-image.test.ts:
#   /healthz and /readyz answer 200, no `Server` header, the process runs as uid 65532, the root
#   filesystem is mounted read-only (with a /tmp tmpfs, every capability dropped).
#
# Usage: test/podman/run-image.sh [example]   (default payments-api; needs podman, debootstrap,
# python3 with pip, curl, root, the CLI built)
#        test/podman/run-image.sh --prepare   only make the stand-in bases (what takes minutes; the
#                                             test run starts it in the background, test/setup)
# Environment:
#   GOLDEN_PATH_PODMAN_CACHE  where the stand-in root filesystems are kept (default ~/.cache/golden-path-podman)
#   GOLDEN_PATH_RELAX_PINS=1  if the pinned wheels cannot be downloaded (an offline mirror without
#                             them), use the newest version of each package it has, and say so
#   DEBIAN_MIRROR             debootstrap's mirror (default http://deb.debian.org/debian)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prepare_only=false
if [ "${1:-}" = --prepare ]; then prepare_only=true; shift; fi
example="${1:-payments-api}"
cache="${GOLDEN_PATH_PODMAN_CACHE:-${HOME}/.cache/golden-path-podman}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite=trixie
work="$(mktemp -d)"
name="golden-path-podman-$$"
image="localhost/golden-path-podman/${example}:test"

# crun refuses hybrid cgroup hierarchies (common in CI containers); runc with cgroupfs runs anywhere.
podman=(podman --cgroup-manager cgroupfs)
if command -v runc >/dev/null; then podman+=(--runtime runc); fi
# Limits podman would raise above what an unprivileged container host allows.
limits=(--ulimit "nofile=1024:1024" --ulimit "nproc=4096:4096")

cleanup() {
  "${podman[@]}" rm --force --ignore "$name" >/dev/null 2>&1 || true
  "${podman[@]}" rmi --force "$image" >/dev/null 2>&1 || true
  if [ -n "${build_image:-}" ]; then "${podman[@]}" rmi --force "$build_image" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '== %s\n' "$*" >&2; }
fail() { printf 'run-image: %s\n' "$*" >&2; exit 1; }

for tool in podman debootstrap python3 curl flock; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/system-deps.sh)"
done

# The stand-in bases, made once (debootstrap downloads ~40 MB and takes minutes): the root
# filesystem is kept in $cache, the imported images in podman's storage. A lock lets a run wait for
# a --prepare already under way instead of racing it.
rootfs="$cache/$suite"
standin() { # name, command run in a copy of the root filesystem before import
  local image="localhost/golden-path-standin/$1:${suite}"
  if ! "${podman[@]}" image exists "$image"; then
    if [ ! -f "$rootfs/.complete" ]; then
      step "debootstrap $suite"
      rm -rf "$rootfs"
      # Once more after a failure: a mirror's hiccup should not fail a CI run.
      debootstrap --variant=minbase --include=python3-venv "$suite" "$rootfs" "$mirror" >&2 ||
        { rm -rf "$rootfs" && debootstrap --variant=minbase --include=python3-venv "$suite" "$rootfs" "$mirror" >&2; }
      touch "$rootfs/.complete"
    fi
    step "import stand-in $1"
    rm -rf "$work/root" && cp -a "$rootfs" "$work/root" && rm -f "$work/root/.complete"
    (cd "$work/root" && "$2")
    tar -C "$work/root" -c . |
      "${podman[@]}" import --quiet --change 'USER 65532:65532' --change 'WORKDIR /home/nonroot' - "$image" >/dev/null
    rm -rf "$work/root"
  fi
  printf '%s' "$image"
}
# The build base as debian:13-slim has it (a shell, apt), plus python3-venv.
as_build_base() { mkdir -p home/nonroot; }
# The runtime base as distroless makes it: no shell, no package manager, user nonroot (65532).
as_distroless() {
  rm -f usr/bin/sh usr/bin/dash usr/bin/bash usr/bin/rbash usr/bin/apt* usr/bin/dpkg*
  echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >> etc/passwd
  echo 'nonroot:x:65532:' >> etc/group
  mkdir -p home/nonroot && chown 65532:65532 home/nonroot
}
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
build_base="$(standin build as_build_base)"
runtime_image="$(standin runtime as_distroless)"
flock --unlock 9
if $prepare_only; then exit 0; fi

step "render $example"
repo="$work/repo"
node "$root/packages/cli/bin/golden-path.js" create python-django-service --yes \
  --values "$root/templates/python-django-service/examples/${example}.yaml" --output "$repo" >&2

# The Dockerfile's two bases, exactly as written (image:tag@digest).
mapfile -t froms < <(awk 'toupper($1) == "FROM" { print $2 }' "$repo/Dockerfile")
[ "${#froms[@]}" -eq 2 ] || fail "expected two FROM lines in the Dockerfile, found ${#froms[@]}"
build_ref="${froms[0]}"
runtime_ref="${froms[1]}"

step "wheels for requirements.txt"
wheels="$work/wheels"
pip_download() {
  python3 -m pip download --quiet --retries 0 --timeout 15 --disable-pip-version-check --only-binary=:all: --no-deps \
    --python-version 3.13 --implementation cp --abi cp313 --abi abi3 --abi none \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    --platform any --dest "$wheels" "$@"
}
if ! pip_download --requirement "$repo/requirements.txt" 2>"$work/pip.log"; then
  [ "${GOLDEN_PATH_RELAX_PINS:-}" = 1 ] || fail "the pinned wheels cannot be downloaded: $(tail -1 "$work/pip.log") (GOLDEN_PATH_RELAX_PINS=1 uses the newest available)"
  rm -rf "$wheels"
  relaxed=()
  while read -r pkg; do
    # psycopg-binary only exists as a wheel from PyPI; pure psycopg serves an SQLite smoke test.
    if pip_download "$pkg" 2>>"$work/pip.log"; then relaxed+=("$pkg"); fi
  done < <(sed -n 's/^\([A-Za-z0-9_.-]*\)==.*/\1/p' "$repo/requirements.txt")
  : > "$repo/requirements.txt"
  for whl in "$wheels"/*.whl; do
    base="$(basename "$whl")"
    printf '%s==%s\n' "${base%%-*}" "$(cut -d- -f2 <<<"$base")" >> "$repo/requirements.txt"
  done
  echo "run-image: NOTE pins relaxed to what this machine's index has: $(tr '\n' ' ' < "$repo/requirements.txt")" >&2
fi

step "stand-in build base with the wheels"
# The build base installs from the wheels only (pip reads /etc/pip.conf), like a pinned mirror;
# USER root as in debian:13-slim (the import's USER is for the runtime stand-in).
build_image="localhost/golden-path-standin/build-wheels:$$"
mkdir -p "$work/wheels-context"
mv "$wheels" "$work/wheels-context/wheels"
printf '[global]\nno-index = true\nfind-links = /wheels\n' > "$work/wheels-context/pip.conf"
printf 'FROM %s\nUSER root\nWORKDIR /\nCOPY wheels /wheels\nCOPY pip.conf /etc/pip.conf\n' "$build_base" \
  > "$work/wheels-context/Containerfile"
"${podman[@]}" build --quiet --pull=never --tag "$build_image" "$work/wheels-context" >/dev/null

step "build (no pulls: the bases are the stand-ins)"
started=$SECONDS
"${podman[@]}" build --quiet --pull=never --network host "${limits[@]}" \
  --build-context "${build_ref}=container-image://${build_image}" \
  --build-context "${runtime_ref}=container-image://${runtime_image}" \
  --tag "$image" "$repo" >&2
echo "check build-seconds $((SECONDS - started))"

step "run as ECS does"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${podman[@]}" run --detach --name "$name" --network host "${limits[@]}" \
  --read-only --tmpfs /tmp:rw,noexec,nosuid,size=64m --cap-drop ALL --security-opt no-new-privileges \
  --env-file "$repo/.github/container/smoke.env" --env "GUNICORN_CMD_ARGS=--bind 127.0.0.1:${port}" \
  "$image" >/dev/null

for path in /healthz /readyz; do
  code=000
  for _ in $(seq 1 60); do
    code="$(curl --silent --output /dev/null --write-out '%{http_code}' --dump-header "$work/headers" \
      "http://127.0.0.1:${port}${path}" || true)"
    [ "$code" = 000 ] || break
    sleep 1
  done
  echo "check ${path#/} $code"
done
if grep -qi '^server:' "$work/headers"; then
  echo "check server-header $(grep -i '^server:' "$work/headers" | tr -d '\r' | cut -d' ' -f2-)"
else
  echo "check server-header none"
fi

pid="$("${podman[@]}" inspect --format '{{.State.Pid}}' "$name")"
[ "$pid" -gt 0 ] || fail "the container is not running: $("${podman[@]}" logs "$name" 2>&1 | tail -5)"
echo "check uid $(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")"
echo "check root-mount $(awk '$5 == "/" { split($6, o, ","); print o[1] }' "/proc/$pid/mountinfo")"
echo "check capabilities $(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")"
if [ "$code" != 200 ]; then "${podman[@]}" logs "$name" 2>&1 | tail -20 >&2; fi
