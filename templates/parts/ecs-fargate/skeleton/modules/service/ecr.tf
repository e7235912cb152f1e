# The service's image repository: tags can never be overwritten, every push is scanned, images are
# encrypted with the service's key, and old images are expired.

resource "aws_ecr_repository" "this" {
  # A tenant stack deploys the image in its host's repository (stack.tf) and has none of its own.
  count = local.shared ? 0 : 1

  name                 = var.name
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
  count = local.shared ? 0 : 1

  repository = aws_ecr_repository.this[0].name

  # The pipeline pushes every image with an immutable tag (the commit SHA), so only leftovers of
  # interrupted pushes are untagged. Enough tagged images are kept to roll back for months.
  policy = jsonencode({
    rules = [
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
  })
}
