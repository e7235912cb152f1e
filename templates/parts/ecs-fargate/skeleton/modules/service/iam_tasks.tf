# Roles of the running service. The execution role is what ECS uses to start a task (pull the
# image, write logs, read the secrets); the task role is what the application's code gets, and it
# starts with no permissions at all.

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Only ECS acting for this account (confused-deputy protection).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "${var.name}: ECS pulls the image, writes logs and reads the secrets"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  # A hosted stack's roles stay under its host's boundary of its kind (iam_tenant.tf).
  permissions_boundary = local.hosted_boundary_arn
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  description        = "${var.name}: the application's own AWS permissions (none by default)"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  # A hosted stack's roles stay under its host's boundary of its kind (iam_tenant.tf).
  permissions_boundary = local.hosted_boundary_arn
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-tasks"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

#trivy:ignore:AVD-AWS-0057 ECS names each task's log stream itself, so streams are matched as <this log group>:log-stream:*; ecr:GetAuthorizationToken has no resource; everything else is named
data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PullThisRepository"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [local.ecr_repository_arn]
  }

  statement {
    sid       = "WriteThisLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.app.arn}:log-stream:*"]
  }

  # Only the runtime's own secrets and parameters; a statement without resources is left out.
  dynamic "statement" {
    for_each = length(var.container_secrets) > 0 ? [1] : []
    content {
      sid       = "ReadTheseSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [for s in aws_secretsmanager_secret.app : s.arn]
    }
  }

  dynamic "statement" {
    for_each = length(var.container_parameters) > 0 ? [1] : []
    content {
      sid       = "ReadTheseParameters"
      actions   = ["ssm:GetParameters"]
      resources = values(local.ssm_parameter_arns)
    }
  }

  statement {
    sid       = "DecryptTheSecrets"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }
}
