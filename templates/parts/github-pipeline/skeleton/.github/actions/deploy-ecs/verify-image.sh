#!/usr/bin/env bash
# Refuses to deploy an image this repository's pipeline did not build: before a task definition is
# registered, the image must be
#   1. pinned by digest in this service's own ECR repository (the environment's Terraform output),
#   2. signed keyless by this repository's hardening workflow on main (cosign, GitHub's OIDC issuer),
#   3. attested with build provenance by that same workflow (GitHub's attestations, gh).
# Usage: verify-image.sh IMAGE REPOSITORY_URL
#   IMAGE           <registry>/<repository>@sha256:<digest>
#   REPOSITORY_URL  <registry>/<repository> this environment deploys from
# Environment: GITHUB_REPOSITORY (owner/name), GITHUB_SERVER_URL (default https://github.com),
# GH_TOKEN for gh. cosign and gh read the registry's credentials from the Docker config.
# Exit status: 0 verified, 1 refused (the reason as a workflow error), 2 bad usage.
set -euo pipefail

if [ $# -ne 2 ] || [ -z "${GITHUB_REPOSITORY:-}" ]; then
  echo "usage: GITHUB_REPOSITORY=owner/name verify-image.sh IMAGE REPOSITORY_URL" >&2
  exit 2
fi
image="$1"
expected="$2"
issuer="https://token.actions.githubusercontent.com"
workflow="${GITHUB_REPOSITORY}/.github/workflows/harden.yml"
identity="${GITHUB_SERVER_URL:-https://github.com}/${workflow}@refs/heads/main"

refuse() {
  echo "::error::${image} is not deployed: $*" >&2
  exit 1
}

# A tag can be moved; only a digest names the image that was signed and attested.
repository="${image%@*}"
digest="${image#"${repository}"}"
digest="${digest#@}"
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || refuse "it is not pinned by a sha256 digest"
[ "$repository" = "$expected" ] || refuse "it comes from ${repository}, not this service's repository ${expected}"

cosign verify --certificate-identity "$identity" --certificate-oidc-issuer "$issuer" "$image" >/dev/null ||
  refuse "no cosign signature by ${identity} (issuer ${issuer})"

gh attestation verify "oci://${image}" --repo "$GITHUB_REPOSITORY" \
  --cert-identity "$identity" --cert-oidc-issuer "$issuer" \
  --predicate-type https://slsa.dev/provenance/v1 --deny-self-hosted-runners >/dev/null ||
  refuse "no build provenance attested by ${identity}"

echo "${image}: signed and attested by ${identity}"
