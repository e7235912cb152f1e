#!/usr/bin/env bash
# The tenant workflow's first step (.github/workflows/tenant.yml): which tenant a branch adds, or
# refuses it before anything else runs. A branch tenants/<tenant> names the tenant; its stack is
# <service>-<tenant> (every AWS name at most 32 characters), so the name is lowercase letters,
# digits and single hyphens, starting with a letter, at most 31 - length(<service>) characters,
# and not the name of anything else (main, the environments that are not tenants, the GitHub
# environments tenant, tenant-destroy, preview and preview-sweep, and pr-<number>: a pull request's
# preview stack is <service>-pr-<number>, maybe in the same cluster).
# With ENVIRONMENTS_FILE (a push) the branch's infra/environments.yaml must hold the tenant's entry:
# kind tenant, owner (a Group reference), monthlyCostCap (USD) and host: HOST, the environment whose
# account, network and cluster the repository's tenants share. Without it (the branch was deleted),
# the name only.
# Usage: tenant-name.sh SERVICE HOST BRANCH [ENVIRONMENTS_FILE]
# Prints key=value lines for $GITHUB_OUTPUT: tenant, and with the file owner and monthly-cost-cap.
# Exit status: 0 accepted, 1 refused (the reason as a workflow error), 2 bad usage.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: tenant-name.sh SERVICE HOST BRANCH [ENVIRONMENTS_FILE]" >&2
  exit 2
fi
service="$1"
tenant_host="$2"
branch="$3"
file="${4:-}"

refuse() {
  # The branch name is printed only once it is known to be plain text (no workflow command in it).
  echo "::error::$*" >&2
  exit 1
}

[[ "${service}/${tenant_host}" =~ ^[a-z][a-z0-9-]{0,31}/[a-z][a-z0-9-]{0,31}$ ]] ||
  refuse "the service or host name is not an AWS name (a defect of this workflow)"
[[ "$branch" == tenants/* ]] || refuse "a tenant's branch is named tenants/<tenant>"
tenant="${branch#tenants/}"
[[ "$tenant" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] ||
  refuse "the tenant's name (after tenants/) must be lowercase letters, digits and single hyphens, starting with a letter"
longest=$((31 - ${#service}))
[ "${#tenant}" -le "$longest" ] ||
  refuse "the tenant '${tenant}' is ${#tenant} characters; at most ${longest} fit in the stack name ${service}-<tenant> (32)"
case "$tenant" in
  main | master | staging | production | preview | preview-sweep | tenant | tenant-destroy | "$tenant_host")
    refuse "'${tenant}' is reserved: it names a branch or an environment of this repository" ;;
esac
[[ ! "$tenant" =~ ^pr-[0-9]+$ ]] ||
  refuse "'${tenant}' is reserved: ${service}-${tenant} is the name of a pull request's preview stack"
echo "tenant=${tenant}"
[ -n "$file" ] || exit 0

# The entry, read with yq (on GitHub's runners) in one pass. The query names the tenant: checked above.
# A missing key reads as empty (yq prints it as the text null otherwise, a valid group name).
[ -f "$file" ] || refuse "${file} is missing"
names="$(yq -r '.environments[].name' "$file")"
count="$(grep -cx -- "$tenant" <<<"$names" || true)"
[ "$count" = 1 ] ||
  refuse "${file} on this branch must list the tenant '${tenant}' once (it lists it ${count} times): see docs/pipeline.md \"Tenants\""
# The types of owner and monthlyCostCap as well: yq's type is string or number (jq's names, in
# kislyuk's yq, Debian's) or !!str, !!int or !!float (YAML's tags, in mikefarah's yq, GitHub's runners').
# One line each: a value of several lines (a block, a map) would shift the others, so it is refused.
mapfile -t fields < <(yq -r ".environments[] | select(.name == \"${tenant}\") | (.kind, (.owner // \"\"), (.monthlyCostCap // \"\"), (.host // \"\"), (.owner | type), (.monthlyCostCap | type))" "$file")
[ "${#fields[@]}" = 6 ] ||
  refuse "the tenant '${tenant}' in ${file}: kind, owner, monthlyCostCap and host must each be one line of text or a number"
kind="${fields[0]}" owner="${fields[1]}" cap="${fields[2]}" host="${fields[3]}" owner_type="${fields[4]}" cap_type="${fields[5]}"
[ "$kind" = tenant ] || refuse "'${tenant}' is of kind ${kind} in ${file}: a branch adds only an entry of kind tenant"
# A Group reference as the catalog reads one ([group:][<namespace>/]<name>).
[[ "$owner_type" =~ ^(string|!!str)$ && "${#owner}" -le 140 && "$owner" =~ ^(group:)?([a-z0-9]+(-[a-z0-9]+)*/)?[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$ ]] ||
  refuse "the tenant '${tenant}' needs an owner: a Group reference such as group:default/acme-bank-team"
[[ "$cap_type" =~ ^(number|!!int|!!float)$ && "$cap" =~ ^[1-9][0-9]{0,6}(\.[0-9]{1,2})?$ ]] ||
  refuse "the tenant '${tenant}' needs monthlyCostCap: its monthly cost cap in USD, a number (1 to 9999999)"
[ "$host" = "$tenant_host" ] ||
  refuse "the tenant '${tenant}' needs host: ${tenant_host} (the environment whose account and cluster this repository's tenants share)"
echo "owner=${owner}"
echo "monthly-cost-cap=${cap}"
