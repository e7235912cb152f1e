# Shared infrastructure the platform team owns, one set per environment, published as SSM String /
# StringList parameters under var.platform_parameter_prefix (names in infra/README.md). Reading
# them here means a new environment is a new folder pointing at another prefix; nothing shared is
# created or changed by a service.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_ssm_parameter" "platform" {
  # Public subnets are read only when the load balancer faces the internet.
  for_each = toset(concat([
    "vpc/id",
    "vpc/cidr",
    "subnets/private",
    "acm/certificate-arn",
    "alb-access-logs/bucket",
    "terraform-state/bucket",
    "terraform-state/kms-key-arn",
  ], var.load_balancer_scheme == "internet-facing" ? ["subnets/public"] : []))

  name = "${var.platform_parameter_prefix}/${each.key}"
}

# The GitHub Actions OIDC identity provider is created once per account by the platform.
data "aws_iam_openid_connect_provider" "github" {
  arn = "arn:${local.partition}:iam::${local.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # Given by the root: data.aws_region calls it `name` up to provider v5 and `region` from v6.
  region = var.region

  # insecure_value: these are identifiers, not secrets, and must stay readable in plans.
  platform = { for k, p in data.aws_ssm_parameter.platform : k => p.insecure_value }

  vpc_id             = local.platform["vpc/id"]
  vpc_cidr           = local.platform["vpc/cidr"]
  private_subnet_ids = split(",", local.platform["subnets/private"])
  alb_subnet_ids     = local.is_internal ? local.private_subnet_ids : split(",", local.platform["subnets/public"])
  certificate_arn    = local.platform["acm/certificate-arn"]
  access_log_bucket  = local.platform["alb-access-logs/bucket"]
  state_bucket       = local.platform["terraform-state/bucket"]
  state_kms_key_arn  = local.platform["terraform-state/kms-key-arn"]

  is_internal = var.load_balancer_scheme == "internal"
  is_pci      = var.data_classification == "pci"
}
