# The role the docs workflow (.github/workflows/docs.yml) assumes on main to publish this service's
# TechDocs to the portal's docs bucket, where the portal reads them (techdocs.builder: external). It
# may write, read and delete the objects under this service's own prefix only, default/component/<name>/,
# and is trusted for that one workflow on main (iam_github_oidc.tf says how the subject pins it).
# Created where the root passes var.techdocs: the environments of kind production.

resource "aws_iam_role" "docs_publish" {
  count = var.techdocs == null ? 0 : 1

  name                 = "${var.name}-docs-publish"
  description          = "${var.name}: the docs workflow on main publishes TechDocs to ${var.techdocs.bucket}/${var.techdocs.prefix}/"
  assume_role_policy   = data.aws_iam_policy_document.github_oidc_trust["docs"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "docs_publish" {
  count = var.techdocs == null ? 0 : 1

  name   = "publish-docs"
  role   = aws_iam_role.docs_publish[0].id
  policy = data.aws_iam_policy_document.docs_publish[0].json
}

data "aws_iam_policy_document" "docs_publish" {
  count = var.techdocs == null ? 0 : 1

  # The publish job uploads the site, then deletes the pages the new build no longer has.
  statement {
    sid       = "ThisServicesPages"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:${local.partition}:s3:::${var.techdocs.bucket}/${var.techdocs.prefix}/*"]
  }

  # Listing this service's pages (to find the stale ones), and nothing else: a listing must name this
  # prefix (one that names none, or HeadBucket, is refused).
  statement {
    sid       = "ListThisServicesPages"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${var.techdocs.bucket}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.techdocs.prefix}/*"]
    }
  }
}
