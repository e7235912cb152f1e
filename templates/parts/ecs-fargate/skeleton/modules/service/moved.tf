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

# The service's repository and its lifecycle became instances of one definition with the previews
# repository (ecr.tf) when previews came in.

moved {
  from = aws_ecr_repository.this[0]
  to   = aws_ecr_repository.this["service"]
}

moved {
  from = aws_ecr_lifecycle_policy.this[0]
  to   = aws_ecr_lifecycle_policy.this["service"]
}

# The tenant role and its boundary became the hosted stacks' roles, one per kind (iam_tenant.tf),
# when previews came in.

moved {
  from = aws_iam_role.tenant[0]
  to   = aws_iam_role.hosted["tenant"]
}

moved {
  from = aws_iam_role_policy.tenant[0]
  to   = aws_iam_role_policy.hosted["tenant"]
}

moved {
  from = aws_iam_policy.tenant_boundary[0]
  to   = aws_iam_policy.hosted_boundary["tenant"]
}
