# The application's secrets. Terraform creates the containers only: the values are put by an
# operator (see infra/README.md) and never pass through Terraform, its state or the pipeline. ECS
# injects them into the container at start through the task definition's `secrets`.

locals {
  secrets = {
    DATABASE_URL      = "database-url"
    DJANGO_SECRET_KEY = "django-secret-key"
  }
}

resource "aws_secretsmanager_secret" "app" {
  for_each = local.secrets

  name                    = "${var.name}/${each.value}"
  description             = "${var.name}: ${each.key}, injected into the container by ECS"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = 30
}
