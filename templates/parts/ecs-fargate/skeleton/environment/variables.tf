variable "environment" {
  description = "Which environment of infra/environments.yaml to plan or apply; set by the deploy job (-var environment=<name>)."
  type        = string

  validation {
    condition     = contains(keys(local.environments), var.environment)
    error_message = "environment must be one of the environments listed in infra/environments.yaml."
  }
}

variable "container_image" {
  description = "Image to deploy, pinned by digest (<repository url>@sha256:<digest>); set by the deploy job."
  type        = string
}
