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

variable "pull_request" {
  description = "A pull request's preview: its number (1 to 9999999, digits only), given with the preview entry's environment and only with it; set by the preview workflows (-var pull_request=<number>)."
  type        = string
  default     = null

  validation {
    condition = (
      var.pull_request == null
      ? try(local.environments[var.environment].kind, "") != "preview"
      : can(regex("^[1-9][0-9]{0,6}$", var.pull_request)) && try(local.environments[var.environment].kind, "") == "preview"
    )
    error_message = "pull_request must be a pull request's number (1 to 9999999, digits only), given with the environment of kind preview, which needs it."
  }
}

variable "expires_at" {
  description = "When a pull request's preview may be destroyed (RFC 3339 in UTC, e.g. 2026-12-01T10:00:00Z): its ExpiresAt tag, which the TTL sweep reads; given with pull_request and only with it."
  type        = string
  default     = null

  validation {
    condition = (
      var.expires_at == null
      ? var.pull_request == null
      : var.pull_request != null && can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", var.expires_at)) && can(timeadd(var.expires_at, "0s"))
    )
    error_message = "expires_at must be a time in UTC such as 2026-12-01T10:00:00Z, given with pull_request and only with it."
  }
}
