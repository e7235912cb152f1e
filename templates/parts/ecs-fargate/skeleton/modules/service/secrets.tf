# The application's secrets, named by the runtime (var.container_secrets). Terraform creates the
# containers only: the values are put by an operator (see infra/README.md) and never pass through
# Terraform, its state or the pipeline. ECS injects them into the container at start through the
# task definition's `secrets`, with the existing SSM parameters the runtime names
# (var.container_parameters).

locals {
  ssm_parameter_arns = {
    for env_name, parameter in var.container_parameters :
    env_name => "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${parameter}"
  }
}

resource "aws_secretsmanager_secret" "app" {
  for_each = var.container_secrets

  name                    = "${var.name}/${each.value}"
  description             = "${var.name}: ${each.key}, injected into the container by ECS"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = local.disposable ? 0 : 30
}
