# Who may assume the service's GitHub roles, defined once: each role trusts one exact subject of
# GitHub's OIDC tokens (audience sts.amazonaws.com) through the platform's OIDC provider.
#
# GitHub's tokens carry the job's workflow in `sub` only when the repository's OIDC subject template
# includes it (include_claim_keys: repo, context, job_workflow_ref; set when the repository is
# published): AWS evaluates no other claim of theirs. So each role trusts one exact subject: which
# repository, which context (the main branch, or a GitHub environment) and which workflow file.
locals {
  github_oidc_provider = "token.actions.githubusercontent.com"

  github_role_subjects = {
    # ci.yml's jobs in this GitHub environment, whose protection rules GitHub enforces first.
    deploy = "repo:${var.github_repository}:environment:${var.environment}:job_workflow_ref:${var.github_repository}/${var.deploy_workflow}@refs/heads/main"
    # The hardening workflow on main (iam_push.tf).
    image_push = "repo:${var.github_repository}:ref:refs/heads/main:job_workflow_ref:${var.github_repository}/${var.image_push_workflow}@refs/heads/main"
    # The docs workflow on main (iam_docs.tf): it publishes the service's TechDocs.
    docs = "repo:${var.github_repository}:ref:refs/heads/main:job_workflow_ref:${var.github_repository}/${var.docs_workflow}@refs/heads/main"
  }
}

data "aws_iam_policy_document" "github_oidc_trust" {
  for_each = local.github_role_subjects

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_provider}:sub"
      values   = [each.value]
    }
  }
}
