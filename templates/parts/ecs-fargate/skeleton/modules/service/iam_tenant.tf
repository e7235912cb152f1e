# The role the tenant workflow (.github/workflows/tenant.yml) assumes to plan, apply and destroy the
# stacks of tenants added by branch in this environment (docs/pipeline.md "Tenants"): created only
# where tenants may be hosted (var.tenant_host, a production environment), trusted only for that
# workflow from a tenants/* branch in the GitHub environment `tenant` and on main in
# `tenant-destroy` (iam_github_oidc.tf), both behind required reviewers.
#
# What it may touch is bounded by tags, not only by names (this stack's own resources share the
# name prefix): every resource a tenant stack creates carries EnvironmentKind=tenant (the root's
# default tags), and this role may create resources only with that tag and change, tag or delete only
# resources that already carry it. The roles it creates for a tenant's tasks must carry the tenant
# boundary below, so a tenant's tasks can never do more than pull the image, write their own logs
# and read their own secrets, whatever a branch's Terraform says.

locals {
  tenant_prefix = "${var.name}-"
  tenant_kind   = { test = "StringEquals", variable = "aws:RequestTag/EnvironmentKind", values = ["tenant"] }
  tenant_owned  = { test = "StringEquals", variable = "aws:ResourceTag/EnvironmentKind", values = ["tenant"] }
  tenant_state  = "services/${var.name}/tenants/"
  # Resource types of a tenant stack whose every action accepts the tag conditions.
  tenant_services = ["ecs", "elasticloadbalancing", "logs", "secretsmanager", "sns", "cloudwatch", "wafv2", "kms", "application-autoscaling", "budgets"]
}

resource "aws_iam_role" "tenant" {
  count = var.tenant_host ? 1 : 0

  name                 = "${var.name}-tenants"
  description          = "${var.name}: the tenant workflow plans, applies and destroys tenant stacks (${var.environment})"
  assume_role_policy   = data.aws_iam_policy_document.github_oidc_trust["tenant"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "tenant" {
  count = var.tenant_host ? 1 : 0

  name   = "provision-tenant-stacks"
  role   = aws_iam_role.tenant[0].id
  policy = data.aws_iam_policy_document.tenant[0].json
}

# The most a tenant's task roles may do (their own policies are narrower, iam_tasks.tf): each may
# reach only resources tagged with its own Environment (the tenant's name).
resource "aws_iam_policy" "tenant_boundary" {
  count = var.tenant_host ? 1 : 0

  name        = "${var.name}-tenant-boundary"
  description = "${var.name}: the permissions boundary of every tenant stack's task roles"
  policy      = data.aws_iam_policy_document.tenant_boundary[0].json
}

#trivy:ignore:AVD-AWS-0057 a boundary only caps the roles' own policies, which name each resource; here resources are matched by the task's own Environment tag, and ecr:GetAuthorizationToken has no resource
data "aws_iam_policy_document" "tenant_boundary" {
  count = var.tenant_host ? 1 : 0

  statement {
    sid       = "PullTheServiceImage"
    actions   = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["*"]
  }

  statement {
    sid       = "OwnLogsSecretsAndKey"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "secretsmanager:GetSecretValue", "kms:Decrypt"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = ["$${aws:PrincipalTag/Environment}"]
    }
  }

  statement {
    sid       = "PlatformParameters"
    actions   = ["ssm:GetParameters"]
    resources = ["arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${var.platform_parameter_prefix}/*"]
  }
}

#trivy:ignore:AVD-AWS-0057 create actions have no resource ARN before the resource exists, so they are bounded by the EnvironmentKind=tenant request tag; every other action by that tag on the resource, the names <service>-<tenant>-* and the tenants' state prefix
data "aws_iam_policy_document" "tenant" {
  count = var.tenant_host ? 1 : 0

  # What every plan reads: the platform's parameters, the OIDC provider, the host's cluster and
  # repository (the image main pushed), the network, and anything's tags.
  statement {
    sid = "Read"
    actions = [
      "ssm:GetParameter", "ssm:GetParameters", "iam:GetOpenIDConnectProvider", "sts:GetCallerIdentity",
      "ecr:GetAuthorizationToken", "ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:BatchGetImage",
      "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:ListTagsForResource",
      "ecs:Describe*", "ecs:List*", "elasticloadbalancing:Describe*", "logs:Describe*", "logs:ListTagsForResource",
      "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "sns:GetTopicAttributes",
      "sns:GetSubscriptionAttributes", "sns:ListTagsForResource", "cloudwatch:Describe*", "cloudwatch:ListTagsForResource",
      "wafv2:Get*", "wafv2:List*", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
      "kms:ListResourceTags", "kms:ListAliases", "application-autoscaling:Describe*", "budgets:ViewBudget",
      "budgets:ListTagsForResource", "ec2:Describe*", "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies", "iam:GetPolicy", "iam:GetPolicyVersion",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "CreateTenantResources"
    actions   = [for s in local.tenant_services : "${s}:Create*"]
    resources = ["*"]

    condition {
      test     = local.tenant_kind.test
      variable = local.tenant_kind.variable
      values   = local.tenant_kind.values
    }
  }

  statement {
    sid = "ChangeTenantResources"
    actions = concat(
      [for s in local.tenant_services : "${s}:*"],
      ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteSecurityGroup", "ec2:ModifySecurityGroupRules", "ec2:CreateTags"],
    )
    resources = ["*"]

    condition {
      test     = local.tenant_owned.test
      variable = local.tenant_owned.variable
      values   = local.tenant_owned.values
    }
  }

  statement {
    sid       = "CreateTenantSecurityGroups"
    actions   = ["ec2:CreateSecurityGroup", "ec2:CreateTags"]
    resources = ["*"]

    condition {
      test     = local.tenant_kind.test
      variable = local.tenant_kind.variable
      values   = local.tenant_kind.values
    }
  }

  # Aliases carry no tags: tenant stacks' keys are aliased alias/<service>-<tenant>.
  statement {
    sid       = "TenantKeyAliases"
    actions   = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
    resources = ["arn:${local.partition}:kms:${local.region}:${local.account_id}:alias/${local.tenant_prefix}*"]
  }

  # Task roles of tenant stacks only: named <service>-<tenant>-*, tagged, and under the boundary.
  statement {
    sid       = "TenantTaskRoles"
    actions   = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/${local.tenant_prefix}*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.tenant_boundary[0].arn]
    }
  }

  statement {
    sid       = "ChangeTenantTaskRoles"
    actions   = ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/${local.tenant_prefix}*"]

    condition {
      test     = "StringEquals"
      variable = "iam:ResourceTag/EnvironmentKind"
      values   = ["tenant"]
    }
  }

  statement {
    sid       = "PassTenantTaskRoles"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/${local.tenant_prefix}*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }

    # Never this stack's own task roles (same prefix): a tenant's tasks run as tenant roles only.
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/EnvironmentKind"
      values   = ["tenant"]
    }
  }

  # Terraform's state of each tenant stack, and nothing else of the bucket.
  statement {
    sid       = "ListTenantStates"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${local.state_bucket}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${local.tenant_state}*"]
    }
  }

  statement {
    sid       = "ReadWriteTenantStates"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:${local.partition}:s3:::${local.state_bucket}/${local.tenant_state}*"]
  }

  statement {
    sid       = "EncryptTheState"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state_kms_key_arn]
  }
}
