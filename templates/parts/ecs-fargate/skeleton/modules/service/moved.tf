# Resources a tenant stack does without (stack.tf) are counted since tenants by branch came in:
# stacks applied before keep them, at index 0, with no change to plan.

moved {
  from = aws_ecr_repository.this
  to   = aws_ecr_repository.this[0]
}

moved {
  from = aws_ecr_lifecycle_policy.this
  to   = aws_ecr_lifecycle_policy.this[0]
}

moved {
  from = aws_ecs_cluster.this
  to   = aws_ecs_cluster.this[0]
}

moved {
  from = aws_iam_role.deploy
  to   = aws_iam_role.deploy[0]
}

moved {
  from = aws_iam_role_policy.deploy
  to   = aws_iam_role_policy.deploy[0]
}

moved {
  from = aws_iam_role.image_push
  to   = aws_iam_role.image_push[0]
}

moved {
  from = aws_iam_role_policy.image_push
  to   = aws_iam_role_policy.image_push[0]
}
