# Log groups, encrypted with the service's key and kept var.log_retention_days (longer for pci).

locals {
  app_log_group_name = "/ecs/${var.name}"
  # WAF only delivers to log groups whose name starts with aws-waf-logs-.
  waf_log_group_name = "aws-waf-logs-${var.name}"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = local.app_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
}

resource "aws_cloudwatch_log_group" "waf" {
  name              = local.waf_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
}
