#!/usr/bin/env bash
# Refuses to deploy an image this repository's pipeline did not build: before a task definition is
# registered, the image must be
#   1. pinned by digest in this service's own ECR repository (the environment's Terraform output),
#   2. signed keyless by this repository's hardening workflow on main (cosign, GitHub's OIDC issuer),
#   3. attested with build provenance by that same workflow (GitHub's attestations, gh).
# A pull request's preview (ci.yml's preview job) names its own repository, <service>-previews, and
# its own identity, ci.yml on refs/pull/<N>/merge: an image it signed is never one that the
# hardening workflow on main signed, so an environment deployed from main refuses it.
# Usage: verify-image.sh IMAGE REPOSITORY_URL [WORKFLOW_REF]
#   IMAGE           <registry>/<repository>@sha256:<digest>
#   REPOSITORY_URL  <registry>/<repository> this environment deploys from
#   WORKFLOW_REF    the signing workflow and ref: .github/workflows/harden.yml@refs/heads/main (the
#                   default), or .github/workflows/ci.yml@refs/pull/<N>/merge for a preview
# Environment: GITHUB_REPOSITORY (owner/name), GITHUB_SERVER_URL (default https://github.com),
# GH_TOKEN for gh. cosign and gh read the registry's credentials from the Docker config.
# Exit status: 0 verified, 1 refused (the reason as a workflow error), 2 bad usage.
set -euo pipefail
export LC_ALL=C

workflow_ref="${3:-.github/workflows/harden.yml@refs/heads/main}"
if [ $# -lt 2 ] || [ $# -gt 3 ] || [ -z "${GITHUB_REPOSITORY:-}" ] ||
  [[ ! "$workflow_ref" =~ ^\.github/workflows/(harden\.yml@refs/heads/main|ci\.yml@refs/pull/[1-9][0-9]{0,6}/merge)$ ]]; then
  echo "usage: GITHUB_REPOSITORY=owner/name verify-image.sh IMAGE REPOSITORY_URL [WORKFLOW_REF]" >&2
  exit 2
fi
image="$1"
expected="$2"
issuer="https://token.actions.githubusercontent.com"
identity="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY}/${workflow_ref}"

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
