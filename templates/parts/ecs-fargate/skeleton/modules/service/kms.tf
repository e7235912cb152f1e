# One customer-managed key per service encrypts its images, logs, secrets and alarm topic, so the
# service's data at rest is under keys the account controls, rotated yearly (PCI DSS 3.6/3.7).

resource "aws_kms_key" "this" {
  description             = "${var.name}: images, logs, secrets and alarm notifications"
  enable_key_rotation     = true
  deletion_window_in_days = local.disposable ? 7 : 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

data "aws_iam_policy_document" "kms" {
  # Delegates key use to IAM policies in this account (the execution role's, the deployer's).
  statement {
    sid       = "AccountIamPolicies"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # CloudWatch Logs encrypts the application and WAF log groups, and nothing else, with this key.
  statement {
    sid = "CloudWatchLogs"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values = [
        "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.app_log_group_name}",
        "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.waf_log_group_name}",
      ]
    }
  }

  # AWS Budgets publishes the cost cap's notifications (budget.tf) to the encrypted alarm topic.
  dynamic "statement" {
    for_each = var.monthly_cost_cap == null ? [] : [1]

    content {
      sid       = "BudgetsToEncryptedTopic"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["budgets.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  # CloudWatch alarms of this account publish to the encrypted alarm topic; another account's
  # alarms cannot use the key through CloudWatch (confused-deputy protection).
  statement {
    sid       = "CloudWatchAlarmsToEncryptedTopic"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}
