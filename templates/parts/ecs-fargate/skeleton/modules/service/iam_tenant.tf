# The roles that plan, apply and destroy the stacks this environment hosts in its cluster
# (stack.tf), one per kind, defined once:
# - tenant: tenants added by branch (docs/pipeline.md "Tenants"), created only where tenants may be
#   hosted (var.tenant_host, a production environment); the tenant workflow assumes it from a
#   tenants/* branch in the GitHub environment `tenant` and on main in `tenant-destroy`, both behind
#   required reviewers (iam_github_oidc.tf).
# - preview: pull requests' previews (docs/pipeline.md "Preview environments"), created only in the
#   preview entry's host (var.preview_host); ci.yml's preview job assumes it on a pull request and
#   preview.yml to destroy one (pull request closed, or its TTL swept on main), in the GitHub
#   environment `preview`. It also pushes the pull request's image to the previews repository
#   (ecr.tf), never to the service's own.
#
# What each may touch is bounded by tags, not only by names (this stack's own resources share the
# name prefix): every resource a hosted stack creates carries EnvironmentKind=<kind> (the root's
# default tags), and the role may create resources only with that tag and change, tag or delete only
# resources that already carry it. The roles it creates for a hosted stack's tasks must carry the
# kind's boundary below, so those tasks can never do more than pull the image, write their own logs
# and read their own secrets, whatever a branch's or a pull request's Terraform says.

locals {
  hosted_kinds = concat(var.tenant_host ? ["tenant"] : [], var.preview_host ? ["preview"] : [])
  hosted = {
    for kind in local.hosted_kinds : kind => {
      # The names of the kind's stacks (<service>-<tenant>, <service>-pr-<number>) and their state.
      prefix = kind == "preview" ? "${var.name}-pr-" : "${var.name}-"
      state  = "services/${var.name}/${kind}s/"
      what   = kind == "preview" ? "the preview job and workflow plan, apply and destroy pull requests' previews" : "the tenant workflow plans, applies and destroys tenant stacks"
      # The preview role pushes the pull request's image (the tenants run main's, pushed on main);
      # the sweep finds expired previews by their tags. The kind's tasks pull from one repository:
      # the host's own for tenants (main's image), the previews repository for previews (ecr.tf,
      # stack.tf). ARNs spelled out, so plans show the policies.
      push     = kind == "preview" ? "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${var.name}-previews" : null
      pull     = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${var.name}${kind == "preview" ? "-previews" : ""}"
      reads    = kind == "preview" ? ["tag:GetResources"] : []
      boundary = "arn:${local.partition}:iam::${local.account_id}:policy/${var.name}-${kind}-boundary"
    }
  }
  # Resource types of a hosted stack whose every action accepts the tag conditions.
  tenant_services = ["ecs", "elasticloadbalancing", "logs", "secretsmanager", "sns", "cloudwatch", "wafv2", "kms", "application-autoscaling", "budgets"]
}

resource "aws_iam_role" "hosted" {
  for_each = local.hosted

  name                 = "${var.name}-${each.key}s"
  description          = "${var.name}: ${each.value.what} (${var.environment})"
  assume_role_policy   = data.aws_iam_policy_document.github_oidc_trust[each.key].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "hosted" {
  for_each = local.hosted

  name   = "provision-${each.key}-stacks"
  role   = aws_iam_role.hosted[each.key].id
  policy = data.aws_iam_policy_document.hosted[each.key].json
}

# The most a hosted stack's task roles may do (their own policies are narrower, iam_tasks.tf): each
# may pull images from its kind's repository only, and reach only resources tagged with its own
# Environment (the tenant's name, pr-<number>).
resource "aws_iam_policy" "hosted_boundary" {
  for_each = local.hosted

  name        = "${var.name}-${each.key}-boundary"
  description = "${var.name}: the permissions boundary of every ${each.key} stack's task roles"
  policy      = data.aws_iam_policy_document.hosted_boundary[each.key].json
}

#trivy:ignore:AVD-AWS-0057 a boundary only caps the roles' own policies, which name each resource; here resources are matched by the task's own Environment tag, and ecr:GetAuthorizationToken has no resource
data "aws_iam_policy_document" "hosted_boundary" {
  for_each = local.hosted

  # ECR's login has no resource (it opens no repository by itself); the pulls name the repository,
  # so a hosted stack's task definition naming any other image fails to start.
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "Pull${title(each.key)}Images"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [each.value.pull]
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

#trivy:ignore:AVD-AWS-0057 create actions have no resource ARN before the resource exists, so they are bounded by the EnvironmentKind request tag; every other action by that tag on the resource, the kind's stack names and its state prefix
data "aws_iam_policy_document" "hosted" {
  for_each = local.hosted

  # What every plan reads: the platform's parameters, the OIDC provider, the host's cluster, the
  # network, and anything's tags.
  statement {
    sid = "Read"
    actions = concat([
      "ssm:GetParameter", "ssm:GetParameters", "iam:GetOpenIDConnectProvider", "sts:GetCallerIdentity",
      "ecr:GetAuthorizationToken", "ecs:Describe*", "ecs:List*", "elasticloadbalancing:Describe*", "logs:Describe*", "logs:ListTagsForResource",
      "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "sns:GetTopicAttributes",
      "sns:GetSubscriptionAttributes", "sns:ListTagsForResource", "cloudwatch:Describe*", "cloudwatch:ListTagsForResource",
      "wafv2:Get*", "wafv2:List*", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
      "kms:ListResourceTags", "kms:ListAliases", "application-autoscaling:Describe*", "budgets:ViewBudget",
      "budgets:ListTagsForResource", "ec2:Describe*", "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies", "iam:GetPolicy", "iam:GetPolicyVersion",
    ], each.value.reads)
    resources = ["*"]
  }

  # The one repository the kind's stacks run from: the plan reads it, the workflow verifies the
  # image's signature and provenance there. No other repository of the account.
  statement {
    sid       = "Read${title(each.key)}Images"
    actions   = ["ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:ListTagsForResource"]
    resources = [each.value.pull]
  }

  # The pull request's image, pushed and signed by the preview job (the previews repository only).
  dynamic "statement" {
    for_each = each.value.push == null ? [] : [each.value.push]

    content {
      sid       = "PushToThePreviewsRepository"
      actions   = local.image_push_actions
      resources = [statement.value]
    }
  }

  statement {
    sid       = "Create${title(each.key)}Resources"
    actions   = [for s in local.tenant_services : "${s}:Create*"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/EnvironmentKind"
      values   = [each.key]
    }
  }

  statement {
    sid = "Change${title(each.key)}Resources"
    actions = concat(
      [for s in local.tenant_services : "${s}:*"],
      ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteSecurityGroup", "ec2:ModifySecurityGroupRules", "ec2:CreateTags"],
    )
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/EnvironmentKind"
      values   = [each.key]
    }
  }

  statement {
    sid       = "Create${title(each.key)}SecurityGroups"
    actions   = ["ec2:CreateSecurityGroup", "ec2:CreateTags"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/EnvironmentKind"
      values   = [each.key]
    }
  }

  # Aliases carry no tags: hosted stacks' keys are aliased alias/<stack name>.
  statement {
    sid       = "${title(each.key)}KeyAliases"
    actions   = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
    resources = ["arn:${local.partition}:kms:${local.region}:${local.account_id}:alias/${each.value.prefix}*"]
  }

  # Task roles of the kind's stacks only: named after them, tagged, and under the kind's boundary.
  statement {
    sid       = "${title(each.key)}TaskRoles"
    actions   = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/${each.value.prefix}*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [each.value.boundary]
    }
  }

  statement {
    sid       = "Change${title(each.key)}TaskRoles"
    actions   = ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/${each.value.prefix}*"]

    condition {
      test     = "StringEquals"
      variable = "iam:ResourceTag/EnvironmentKind"
      values   = [each.key]
    }
  }

  statement {
    sid       = "Pass${title(each.key)}TaskRoles"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/${each.value.prefix}*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }

    # Never this stack's own task roles (same prefix): a hosted stack's tasks run as its kind's roles only.
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/EnvironmentKind"
      values   = [each.key]
    }
  }

  # Terraform's state of each of the kind's stacks, and nothing else of the bucket.
  statement {
    sid       = "List${title(each.key)}States"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${local.state_bucket}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${each.value.state}*"]
    }
  }

  statement {
    sid       = "ReadWrite${title(each.key)}States"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:${local.partition}:s3:::${local.state_bucket}/${each.value.state}*"]
  }

  statement {
    sid       = "EncryptTheState"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state_kms_key_arn]
  }
}
