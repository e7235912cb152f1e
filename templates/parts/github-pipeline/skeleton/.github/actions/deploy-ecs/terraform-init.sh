#!/usr/bin/env bash
# Initialises the one Terraform root, infra/environment, with one stack's state in the platform's
# state bucket: the first Terraform step of every job that plans a stack (this action's deploys,
# the tenant workflow, pull requests' previews). The bucket is the GitHub environment's variable
# TF_STATE_BUCKET, passed as STATE_BUCKET; each stack has its own state key.
# Usage: STATE_BUCKET=<bucket> terraform-init.sh ENVIRONMENT STATE_KEY REGION
#   ENVIRONMENT  the GitHub environment the job runs in (named when its variable is missing)
# Exit status: 0 initialised, 1 no bucket or Terraform failed, 2 bad usage.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: STATE_BUCKET=<bucket> terraform-init.sh ENVIRONMENT STATE_KEY REGION" >&2
  exit 2
fi
if [ -z "${STATE_BUCKET:-}" ]; then
  echo "::error::Set the $1 environment's variable TF_STATE_BUCKET (docs/pipeline.md)."
  exit 1
fi
terraform -chdir=infra/environment init -input=false -backend-config="bucket=${STATE_BUCKET}" \
  -backend-config="key=$2" -backend-config="region=$3"
