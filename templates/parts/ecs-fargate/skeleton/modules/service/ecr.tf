# The image repositories: tags can never be overwritten, every push is scanned, images are
# encrypted with the service's key, and old images are expired.

locals {
  # The service's own repository (a hosted stack runs its host's images and has none, stack.tf) and,
  # in the previews' host (var.preview_host), the previews repository: pull requests' images, pushed
  # by the preview job as pr-<number>-<sha>. Only previews run from there; the service's own
  # deploys verify that an image is in their own repository, signed by the hardening workflow on
  # main, so none of those ever reaches them.
  ecr_repositories = merge(
    local.shared ? {} : { service = var.name },
    var.preview_host ? { previews = "${var.name}-previews" } : {},
  )

  # The pipeline pushes every image with an immutable tag (the commit SHA), so only leftovers of
  # interrupted pushes are untagged. Enough tagged images are kept to roll back for months; a
  # preview lives at most two weeks after its last deploy (ttlHours <= 336).
  ecr_lifecycle_rules = {
    service = [
      {
        rulePriority = 1
        description  = "Expire untagged images 30 days after push"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 30
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the 200 most recent images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 200
        }
        action = { type = "expire" }
      },
    ]
    previews = [
      {
        rulePriority = 1
        description  = "Expire every image 14 days after push"
        selection = {
          tagStatus   = "any"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 14
        }
        action = { type = "expire" }
      },
    ]
  }
}

resource "aws_ecr_repository" "this" {
  for_each = local.ecr_repositories

  name                 = each.value
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.this.arn
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = local.ecr_repositories

  repository = aws_ecr_repository.this[each.key].name
  policy     = jsonencode({ rules = local.ecr_lifecycle_rules[each.key] })
}
