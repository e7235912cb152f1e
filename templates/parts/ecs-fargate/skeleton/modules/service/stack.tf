# A stack is one service in one environment. Most own their ECS cluster and ECR repository; a
# tenant added by its branch (docs/pipeline.md "Tenants") is a stack of its own (service, target
# group, load balancer, secrets, KMS key, log groups, budget) inside its host environment's cluster,
# running the image main pushed to the host's repository: nothing is rebuilt or copied for it.

data "aws_ecr_repository" "shared" {
  count = local.shared ? 1 : 0

  name = var.shared_stack
}

data "aws_ecs_cluster" "shared" {
  count = local.shared ? 1 : 0

  cluster_name = var.shared_stack
}

locals {
  shared = var.shared_stack != null

  ecr_repository_arn = local.shared ? data.aws_ecr_repository.shared[0].arn : aws_ecr_repository.this[0].arn
  ecr_repository_url = local.shared ? data.aws_ecr_repository.shared[0].repository_url : aws_ecr_repository.this[0].repository_url
  cluster_arn        = local.shared ? data.aws_ecs_cluster.shared[0].arn : aws_ecs_cluster.this[0].arn
  cluster_name       = local.shared ? var.shared_stack : aws_ecs_cluster.this[0].name
  # The host's boundary for every role of a tenant stack (iam_tenant.tf).
  tenant_boundary_arn = local.shared ? "arn:${local.partition}:iam::${local.account_id}:policy/${var.shared_stack}-tenant-boundary" : null
}
