# The pipeline reads these with `terraform output -json`.

output "ecr_repository_url" {
  value = module.service.ecr_repository_url
}

output "ecs_cluster_name" {
  value = module.service.ecs_cluster_name
}

output "ecs_service_name" {
  value = module.service.ecs_service_name
}

output "task_definition_family" {
  value = module.service.task_definition_family
}

output "task_definition_arn" {
  value = module.service.task_definition_arn
}

output "container_name" {
  value = module.service.container_name
}

output "deploy_role_arn" {
  value = module.service.deploy_role_arn
}

output "image_push_role_arn" {
  value = module.service.image_push_role_arn
}

output "tenant_role_arn" {
  value = module.service.tenant_role_arn
}

output "preview_role_arn" {
  value = module.service.preview_role_arn
}

output "previews_repository_url" {
  value = module.service.previews_repository_url
}

# The entry this stack was applied from: a deleted tenant branch takes its entry with it, so the
# tenant workflow destroys the stack from this (and the image below) in its state.
output "environment_entry" {
  value = local.entry
}

output "container_image" {
  value = var.container_image
}

output "docs_publish_role_arn" {
  value = module.service.docs_publish_role_arn
}

output "load_balancer_dns_name" {
  value = module.service.load_balancer_dns_name
}

output "alarm_topic_arn" {
  value = module.service.alarm_topic_arn
}

output "log_group_name" {
  value = module.service.log_group_name
}

output "secret_arns" {
  value = module.service.secret_arns
}

output "secret_ids" {
  value = module.service.secret_ids
}
