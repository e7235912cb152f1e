# The role the GitHub Actions deploy job assumes through the platform's OIDC provider: no stored
# keys. It can read (never push) this service's images, register a task definition, point this
# service at it, and keep this environment's Terraform state; nothing else. Images are pushed by
# the image-push role (iam_push.tf). Every other change under infra/ (and the first apply, which
# creates these roles) is applied by the platform's provisioning role (README).

resource "aws_iam_role" "deploy" {
  # A tenant stack is deployed whole by the tenant workflow's role (iam_tenant.tf), not by ci.yml.
  count = local.shared ? 0 : 1

  name                 = "${var.name}-deploy"
  description          = "${var.name}: GitHub Actions deploys (${var.environment})"
  assume_role_policy   = data.aws_iam_policy_document.github_oidc_trust["deploy"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "deploy" {
  count = local.shared ? 0 : 1

  name   = "deploy"
  role   = aws_iam_role.deploy[0].id
  policy = data.aws_iam_policy_document.deploy.json
}

locals {
  task_definition_arn_pattern = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${var.name}:*"
  service_arn                 = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${local.cluster_name}/${var.name}"
  state_object_arn            = "arn:${local.partition}:s3:::${local.state_bucket}/${var.terraform_state_key}"
}

#trivy:ignore:AVD-AWS-0057 every deploy registers a new revision, so tagging is allowed on <this family>:* and only at registration; ecr:GetAuthorizationToken and ecs:RegisterTaskDefinition/DescribeTaskDefinition have no resource; everything else is named
data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  # The deploy verifies the image's signature and attestations in the registry before it deploys.
  statement {
    sid = "ReadThisRepository"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:DescribeImages",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [local.ecr_repository_arn]
  }

  statement {
    sid       = "RegisterTaskDefinitions"
    actions   = ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"]
    resources = ["*"]
  }

  # Tags (from the provider's default_tags) are written when a revision is registered, and only then.
  statement {
    sid       = "TagNewRevisionsOfThisFamily"
    actions   = ["ecs:TagResource"]
    resources = [local.task_definition_arn_pattern]

    condition {
      test     = "StringEquals"
      variable = "ecs:CreateAction"
      values   = ["RegisterTaskDefinition"]
    }
  }

  statement {
    sid       = "UpdateThisService"
    actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
    resources = [local.service_arn]
  }

  statement {
    sid       = "ReadTagsOfThisFamilyAndService"
    actions   = ["ecs:ListTagsForResource"]
    resources = [local.task_definition_arn_pattern, local.service_arn]
  }

  statement {
    sid       = "PassTheTaskRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.execution.arn, aws_iam_role.task.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }

  # What `terraform plan -refresh=false` reads: the platform's parameters and OIDC provider.
  statement {
    sid       = "ReadPlatformParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = ["arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${var.platform_parameter_prefix}/*"]
  }

  # client_auth alb-oidc: every plan that includes the listener reads its client secret.
  dynamic "statement" {
    for_each = aws_secretsmanager_secret.alb_oidc_client_secret

    content {
      sid       = "ReadTheLoadBalancerOidcClientSecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value.arn]
    }
  }

  dynamic "statement" {
    for_each = aws_secretsmanager_secret.alb_oidc_client_secret

    content {
      sid       = "DecryptTheLoadBalancerOidcClientSecret"
      actions   = ["kms:Decrypt"]
      resources = [aws_kms_key.this.arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "ReadGitHubOidcProvider"
    actions   = ["iam:GetOpenIDConnectProvider"]
    resources = [data.aws_iam_openid_connect_provider.github.arn]
  }

  # This environment's state object and its lock file (S3 native locking), nothing else.
  statement {
    sid       = "ListThisState"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${local.state_bucket}"]

    condition {
      test     = "StringEquals"
      variable = "s3:prefix"
      values   = [var.terraform_state_key, "${var.terraform_state_key}.tflock"]
    }
  }

  statement {
    sid       = "ReadWriteThisState"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = [local.state_object_arn]
  }

  statement {
    sid       = "LockThisState"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state_object_arn}.tflock"]
  }

  statement {
    sid       = "EncryptTheState"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state_kms_key_arn]
  }
}
