# Who may assume the service's GitHub roles, defined once: each role trusts one exact subject of
# GitHub's OIDC tokens (audience sts.amazonaws.com) through the platform's OIDC provider.
#
# GitHub's tokens carry the job's workflow in `sub` only when the repository's OIDC subject template
# includes it (include_claim_keys: repo, context, job_workflow_ref; set when the repository is
# published): AWS evaluates no other claim of theirs. So each role trusts one exact subject: which
# repository, which context (the main branch, or a GitHub environment) and which workflow file.
locals {
  github_oidc_provider = "token.actions.githubusercontent.com"
  github_workflows     = "repo:${var.github_repository}"

  # Each role's subjects; only the hosted stacks' roles (tenant, preview) have wildcards
  # (StringLike): the branch's name, the pull request's ref.
  github_subjects = {
    # ci.yml's jobs in this GitHub environment, whose protection rules GitHub enforces first.
    deploy = ["${local.github_workflows}:environment:${var.environment}:job_workflow_ref:${var.github_repository}/${var.deploy_workflow}@refs/heads/main"]
    # The hardening workflow on main (iam_push.tf).
    image_push = ["${local.github_workflows}:ref:refs/heads/main:job_workflow_ref:${var.github_repository}/${var.image_push_workflow}@refs/heads/main"]
    # The docs workflow on main (iam_docs.tf): it publishes the service's TechDocs.
    docs = ["${local.github_workflows}:ref:refs/heads/main:job_workflow_ref:${var.github_repository}/${var.docs_workflow}@refs/heads/main"]
    # The tenant workflow (iam_tenant.tf): from a tenants/<tenant> branch in the GitHub environment
    # tenant (deployable from tenants/* only), and on main in tenant-destroy (a deleted branch's
    # `delete` event runs the default branch's workflow); both environments have required reviewers.
    tenant = [
      "${local.github_workflows}:environment:tenant:job_workflow_ref:${var.github_repository}/${var.tenant_workflow}@refs/heads/tenants/*",
      "${local.github_workflows}:environment:tenant-destroy:job_workflow_ref:${var.github_repository}/${var.tenant_workflow}@refs/heads/main",
    ]
    # Pull requests' previews (iam_tenant.tf): ci.yml's preview job and preview.yml's destroy on a
    # pull request's ref (refs/pull/<number>/merge) in the GitHub environment preview (reviewed when
    # the preview entry lists approvers: a pull request's own code gets this role), and preview.yml's
    # TTL sweep on main in preview-sweep (main only, never reviewed: main's reviewed code, which only
    # destroys). Only ref:refs/pull/ matches the wildcard: a branch's or main's ci.yml never gets
    # this role, a pull request never gets it in preview-sweep, and no other environment's subject
    # matches it.
    preview = [
      "${local.github_workflows}:environment:preview:job_workflow_ref:${var.github_repository}/${var.deploy_workflow}@refs/pull/*",
      "${local.github_workflows}:environment:preview:job_workflow_ref:${var.github_repository}/${var.preview_workflow}@refs/pull/*",
      "${local.github_workflows}:environment:preview-sweep:job_workflow_ref:${var.github_repository}/${var.preview_workflow}@refs/heads/main",
    ]
  }
  # A hosted stack has neither deploy nor image-push role; only a host has its kinds' roles.
  github_roles         = concat(local.shared ? [] : ["deploy", "image_push"], local.hosted_kinds, var.techdocs == null ? [] : ["docs"])
  github_role_subjects = { for role in local.github_roles : role => local.github_subjects[role] }
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
      test     = contains(local.hosted_kinds, each.key) ? "StringLike" : "StringEquals"
      variable = "${local.github_oidc_provider}:sub"
      values   = each.value
    }
  }
}
