#!/usr/bin/env bash
# Waits for the ECS service of the stack just applied (infra/environment's outputs) to be stable and
# checks that it runs IMAGE: a failed rollout is rolled back by the circuit breaker and is "stable"
# too. Adds the rollout to the job summary. Used by this action and by the tenant workflow.
# Usage: wait-for-rollout.sh ENVIRONMENT IMAGE
# Exit status: 0 running IMAGE, 1 rolled back or not stable, 2 bad usage.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: wait-for-rollout.sh ENVIRONMENT IMAGE" >&2
  exit 2
fi
environment="$1"
image="$2"
dir=infra/environment
cluster="$(terraform -chdir="$dir" output -raw ecs_cluster_name)"
service="$(terraform -chdir="$dir" output -raw ecs_service_name)"
container="$(terraform -chdir="$dir" output -raw container_name)"
aws ecs wait services-stable --cluster "$cluster" --services "$service"
revision="$(aws ecs describe-services --cluster "$cluster" --services "$service" \
  --query 'services[0].taskDefinition' --output text)"
running="$(aws ecs describe-task-definition --task-definition "$revision" \
  --query "taskDefinition.containerDefinitions[?name=='${container}'].image | [0]" --output text)"
if [ "$running" != "$image" ]; then
  echo "::error::${service} runs ${running} (${revision}), not ${image}: the rollout was rolled back."
  exit 1
fi
{
  echo "### Deployed to ${environment}"
  echo
  echo "- Service: \`${cluster}/${service}\`"
  echo "- Task definition: \`${revision}\`"
  echo "- Image: \`${image}\`"
} >> "$GITHUB_STEP_SUMMARY"
