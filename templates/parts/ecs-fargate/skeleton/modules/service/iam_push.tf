# The role the hardening workflow assumes on main to push the image it built, scanned and signed to
# this service's repository: push only, trusted for that one workflow on main (iam_github_oidc.tf says
# how the subject pins it). It cannot deploy; the deploy roles cannot push.

resource "aws_iam_role" "image_push" {
  # A tenant stack has no repository to push to: it runs the image main pushed to its host's.
  count = local.shared ? 0 : 1

  name                 = "${var.name}-image-push"
  description          = "${var.name}: the hardening workflow on main pushes and signs images (${var.environment})"
  assume_role_policy   = data.aws_iam_policy_document.github_oidc_trust["image_push"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "image_push" {
  count = local.shared ? 0 : 1

  name   = "push-images"
  role   = aws_iam_role.image_push[0].id
  policy = data.aws_iam_policy_document.image_push.json
}

#trivy:ignore:AVD-AWS-0057 ecr:GetAuthorizationToken has no resource; everything else is this repository
data "aws_iam_policy_document" "image_push" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PushToThisRepository"
    actions   = local.image_push_actions
    resources = [local.ecr_repository_arn]
  }
}

locals {
  # Push by digest with an immutable tag, write the cosign signature beside it, read ECR's scan
  # (the preview role pushes to the previews repository the same way, iam_tenant.tf).
  image_push_actions = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:DescribeImageScanFindings",
    "ecr:DescribeImages",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
  ]
}
