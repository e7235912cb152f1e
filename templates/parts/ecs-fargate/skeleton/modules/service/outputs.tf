# Read by the pipeline (terraform output -json) and by people following the runbooks.

output "ecr_repository_url" {
  description = "Repository the pipeline pushes the image to."
  value       = local.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster of the service."
  value       = local.cluster_name
}

output "ecs_service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.this.name
}

output "task_definition_family" {
  description = "Task definition family; each deploy registers a new revision."
  value       = aws_ecs_task_definition.this.family
}

output "task_definition_arn" {
  description = "Revision this apply registered; after a deploy the service's primary deployment must run it (a circuit-breaker rollback leaves the previous one)."
  value       = aws_ecs_task_definition.this.arn
}

output "container_name" {
  description = "Name of the application container in the task definition."
  value       = local.container_name
}

output "deploy_role_arn" {
  description = "Role the GitHub Actions deploy job assumes (OIDC); null in a tenant stack (the tenant role deploys it)."
  value       = one(aws_iam_role.deploy[*].arn)
}

output "image_push_role_arn" {
  description = "Role the hardening workflow assumes on main to push images (OIDC): the repository variable AWS_<ENVIRONMENT>_IMAGE_PUSH_ROLE_ARN (e.g. AWS_PRODUCTION_IMAGE_PUSH_ROLE_ARN); null in a tenant stack."
  value       = one(aws_iam_role.image_push[*].arn)
}

output "tenant_role_arn" {
  description = "Role the tenant workflow assumes (OIDC) in a tenant host: the variable AWS_TENANT_ROLE_ARN of the GitHub environments tenant and tenant-destroy; null elsewhere."
  value       = try(aws_iam_role.hosted["tenant"].arn, null)
}

output "preview_role_arn" {
  description = "Role ci.yml's preview job and preview.yml assume (OIDC) in the previews' host: the repository variable AWS_PREVIEW_ROLE_ARN; null elsewhere."
  value       = try(aws_iam_role.hosted["preview"].arn, null)
}

output "previews_repository_url" {
  description = "The previews' image repository in their host (the preview job pushes pr-<number>-<sha> there); null elsewhere."
  value       = try(aws_ecr_repository.this["previews"].repository_url, null)
}

output "docs_publish_role_arn" {
  description = "Role the docs workflow assumes on main to publish the service's TechDocs (OIDC): the repository variable AWS_DOCS_ROLE_ARN; null where the environment publishes no docs."
  value       = one(aws_iam_role.docs_publish[*].arn)
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer (point the service's DNS record at it)."
  value       = aws_lb.this.dns_name
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the application."
  value       = aws_cloudwatch_log_group.app.name
}

output "secret_arns" {
  description = "Secrets Manager secrets whose values an operator puts before the first deploy."
  value       = { for k, s in aws_secretsmanager_secret.app : k => s.arn }
}

output "secret_ids" {
  description = "Secrets Manager secrets whose values an operator puts before the first deploy, by name: environment variable => secret id."
  value       = { for k, s in aws_secretsmanager_secret.app : k => s.name }
}
