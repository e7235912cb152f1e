# A stack is one service in one environment. Most own their ECS cluster and ECR repository; a
# tenant added by its branch (docs/pipeline.md "Tenants") and a pull request's preview are stacks of
# their own (service, target group, load balancer, secrets, KMS key, log groups, budget) inside their
# host environment's cluster. A tenant runs the image main pushed to the host's repository (nothing
# is rebuilt or copied for it); a preview runs its pull request's image from the host's previews
# repository only (ecr.tf), which the host's own deploys never accept.

data "aws_ecr_repository" "shared" {
  count = local.shared ? 1 : 0

  name = var.kind == "preview" ? "${var.shared_stack}-previews" : var.shared_stack
}

data "aws_ecs_cluster" "shared" {
  count = local.shared ? 1 : 0

  cluster_name = var.shared_stack
}

locals {
  shared = var.shared_stack != null

  ecr_repository_arn = local.shared ? data.aws_ecr_repository.shared[0].arn : aws_ecr_repository.this["service"].arn
  ecr_repository_url = local.shared ? data.aws_ecr_repository.shared[0].repository_url : aws_ecr_repository.this["service"].repository_url
  cluster_arn        = local.shared ? data.aws_ecs_cluster.shared[0].arn : aws_ecs_cluster.this[0].arn
  cluster_name       = local.shared ? var.shared_stack : aws_ecs_cluster.this[0].name
  # The host's boundary of its kind for every role of a hosted stack (iam_tenant.tf).
  hosted_boundary_arn = local.shared ? "arn:${local.partition}:iam::${local.account_id}:policy/${var.shared_stack}-${var.kind}-boundary" : null
  # A preview is thrown away whole when its pull request closes or its TTL passes, and its name
  # comes back with the next deploy of the same pull request: nothing of it is kept for recovery.
  disposable = var.kind == "preview"
}
