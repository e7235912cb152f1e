# The service gets its own cluster: a Fargate cluster costs nothing, keeps the service's tasks apart
# from other services' (a smaller PCI DSS scope), and lets this module guarantee Container Insights,
# whose task-count metrics the running-tasks alarm reads.

resource "aws_ecs_cluster" "this" {
  # A tenant stack runs in its host's cluster (stack.tf).
  count = local.shared ? 0 : 1

  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}
