# Inputs of one service in one environment. Every environment calls this module from the one root
# environment/main.tf (its entry of environments.yaml); names are the same in every environment because each environment is
# its own AWS account (see infra/README.md).

variable "name" {
  description = "Name of every AWS resource of the service: lowercase letters, digits and hyphens, at most 32 characters (the ALB and target group limit)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name must be 1 to 32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "shared_stack" {
  description = "A tenant added by its branch or a pull request's preview: the name of its host environment's stack, whose ECS cluster and ECR repository (a preview: its previews repository) this stack uses (stack.tf); null for a stack with its own."
  type        = string
  default     = null
}

variable "kind" {
  description = "The environment's kind (infra/environments.yaml): staging, production, tenant or preview. A preview is disposable (no deletion protection or recovery windows)."
  type        = string

  validation {
    condition     = contains(["staging", "production", "tenant", "preview"], var.kind)
    error_message = "kind must be staging, production, tenant or preview."
  }

  validation {
    condition     = var.shared_stack == null ? var.kind != "preview" : contains(["tenant", "preview"], var.kind)
    error_message = "a stack hosted in another's cluster (shared_stack) is a tenant or a preview, and a preview is always hosted."
  }
}

variable "environment" {
  description = "Environment name (staging, production, ...): the GitHub environment the deploy role trusts and the SSM prefix of the platform's parameters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.environment))
    error_message = "environment must be lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "AWS region the service runs in: the region of the provider configuration the root passes to this module."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "platform_parameter_prefix" {
  description = "SSM path under which the platform publishes this environment's shared infrastructure, e.g. /platform/production."
  type        = string

  validation {
    condition     = can(regex("^/[A-Za-z0-9_./-]+[^/]$", var.platform_parameter_prefix))
    error_message = "platform_parameter_prefix must start with / and not end with /."
  }
}

variable "data_classification" {
  description = "Most sensitive data the service handles: internal, confidential or pci (pci gets a stricter WAF rate limit)."
  type        = string

  validation {
    condition     = contains(["internal", "confidential", "pci"], var.data_classification)
    error_message = "data_classification must be internal, confidential or pci."
  }
}

# --- The container ------------------------------------------------------------------------------

variable "container_image" {
  description = "Image to run, pinned by digest (<repository url>@sha256:<digest>); set by the deploy job."
  type        = string

  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.container_image))
    error_message = "container_image must be pinned by digest: <repository>@sha256:<64 hex digits>."
  }
}

variable "container_port" {
  description = "Port the application listens on inside the container."
  type        = number
}

variable "container_user" {
  description = "Numeric uid:gid the container runs as: the image's USER (runtime.yaml containerUser); it must not be 0 (root)."
  type        = string

  validation {
    condition     = can(regex("^[1-9][0-9]*:[1-9][0-9]*$", var.container_user))
    error_message = "container_user must be a numeric uid:gid other than root, e.g. 65532:65532."
  }
}

variable "allowed_hosts" {
  description = "Host names clients use to reach the service (its DNS names); the load balancer's own DNS name is always allowed."
  type        = list(string)
  default     = []
}

variable "health_check_path" {
  description = "HTTP path the load balancer probes; it must answer 200 without authentication."
  type        = string
}

variable "cpu" {
  description = "Task CPU units (a Fargate size)."
  type        = number
}

variable "memory" {
  description = "Task memory in MiB (valid with cpu on Fargate)."
  type        = number
}

variable "cpu_architecture" {
  description = "CPU architecture the image is built for: X86_64 or ARM64."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

# --- Capacity -----------------------------------------------------------------------------------

variable "desired_count" {
  description = "Tasks always running (the autoscaling minimum); at least 2 to survive the loss of one availability zone."
  type        = number

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1."
  }
}

variable "max_count" {
  description = "Most tasks autoscaling may run."
  type        = number

  validation {
    condition     = var.max_count >= var.desired_count
    error_message = "max_count must be at least desired_count."
  }
}

variable "cpu_target_percent" {
  description = "Average CPU utilisation autoscaling keeps the service at."
  type        = number
  default     = 60
}

variable "requests_per_task_target" {
  description = "Requests per task per minute autoscaling keeps the service at."
  type        = number
  default     = 1000
}

# --- Edge ---------------------------------------------------------------------------------------

variable "load_balancer_scheme" {
  description = "internal (reachable from the VPC only) or internet-facing."
  type        = string

  validation {
    condition     = contains(["internal", "internet-facing"], var.load_balancer_scheme)
    error_message = "load_balancer_scheme must be internal or internet-facing."
  }
}

variable "waf_rate_limit" {
  description = "Requests one client address may send in 5 minutes before the WAF blocks it; null picks the default of the data classification (2000 pci, 5000 confidential, 10000 internal: clients behind one NAT address share it)."
  type        = number
  default     = null

  validation {
    condition     = var.waf_rate_limit == null || try(var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000, false)
    error_message = "waf_rate_limit must be between 100 and 2000000000."
  }
}

variable "client_auth" {
  description = "How clients of an internet-facing service authenticate: alb-oidc (the load balancer signs people in with an OpenID Connect provider), jwt (the service verifies each call's bearer token), cidr-allow-list (only client_cidrs reach the load balancer); none for an internal one."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "alb-oidc", "jwt", "cidr-allow-list"], var.client_auth)
    error_message = "client_auth must be none, alb-oidc, jwt or cidr-allow-list."
  }

  validation {
    condition     = var.load_balancer_scheme == "internal" || var.client_auth != "none"
    error_message = "An internet-facing service needs client_auth: alb-oidc, jwt or cidr-allow-list."
  }
}

variable "alb_oidc" {
  description = "The OpenID Connect provider the load balancer signs people in with (client_auth alb-oidc); the client secret is the Secrets Manager secret <name>/alb-oidc-client-secret, put by an operator."
  type = object({
    issuer                 = string
    authorization_endpoint = string
    token_endpoint         = string
    user_info_endpoint     = string
    client_id              = string
  })
  default = null

  validation {
    condition     = var.client_auth != "alb-oidc" || var.alb_oidc != null
    error_message = "client_auth alb-oidc needs alb_oidc."
  }
}

variable "jwt" {
  description = "What the service requires of each call's bearer token (client_auth jwt): its issuer and audience, and where the issuer's signing keys are published. Passed to the container as AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE and AUTH_JWT_JWKS_URL."
  type = object({
    issuer   = string
    audience = string
    jwks_url = string
  })
  default = null

  validation {
    condition     = var.client_auth != "jwt" || var.jwt != null
    error_message = "client_auth jwt needs jwt."
  }
}

variable "client_cidrs" {
  description = "IPv4 networks that may reach an internet-facing load balancer (client_auth cidr-allow-list)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.client_cidrs : can(cidrhost(c, 0)) && !strcontains(c, ":")])
    error_message = "client_cidrs must be IPv4 CIDR blocks such as 203.0.113.0/24."
  }

  validation {
    condition     = var.client_auth != "cidr-allow-list" || length(var.client_cidrs) > 0
    error_message = "client_auth cidr-allow-list needs at least one of client_cidrs."
  }
}

# --- Logs and alarms ----------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Days CloudWatch keeps the application and WAF logs (a value CloudWatch accepts, e.g. 30, 90, 365)."
  type        = number
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (the subscription must be confirmed from the mailbox)."
  type        = string

  validation {
    condition     = can(regex("^[^@[:space:]]+@[^@[:space:]]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address."
  }
}

variable "extra_alarm_topic_arns" {
  description = "Existing SNS topics (e.g. a paging tool's) that also receive every alarm and recovery."
  type        = list(string)
  default     = []
}

variable "runbook_base_url" {
  description = "URL of the runbooks in the portal's TechDocs (no trailing slash); each alarm links its page, <runbook_base_url>/<alarm>/."
  type        = string
}

# --- Cost ---------------------------------------------------------------------------------------

variable "monthly_cost_cap" {
  description = "A tenant's monthly cost cap in USD (infra/environments.yaml monthlyCostCap): a budget on its Environment tag notifies the alarm topic at 80 % spent and 100 % forecast; null for none."
  type        = number
  default     = null

  validation {
    condition     = var.monthly_cost_cap == null || try(var.monthly_cost_cap > 0, false)
    error_message = "monthly_cost_cap must be a positive amount of USD."
  }
}

# --- Delivery -----------------------------------------------------------------------------------

variable "github_repository" {
  description = "The service's GitHub repository, <owner>/<name>: its hardening workflow on main may push images, its deploy workflow in this GitHub environment may deploy."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be <owner>/<name>."
  }
}

variable "image_push_workflow" {
  description = "The workflow (path in the repository) whose jobs on main may push images: the hardening workflow, which builds, scans, signs and attests them."
  type        = string
  default     = ".github/workflows/harden.yml"
}

variable "deploy_workflow" {
  description = "The workflow (path in the repository) whose jobs in this GitHub environment may deploy."
  type        = string
  default     = ".github/workflows/ci.yml"
}

variable "docs_workflow" {
  description = "The workflow (path in the repository) whose jobs on main may publish the service's TechDocs (the docs role, iam_docs.tf)."
  type        = string
  default     = ".github/workflows/docs.yml"
}

variable "techdocs" {
  description = "The portal's TechDocs bucket and this service's prefix in it (<namespace>/<kind>/<name> of its catalog entity, lowercase): the docs workflow on main may publish there (iam_docs.tf). null: no docs role in this environment."
  type = object({
    bucket = string
    prefix = string
  })
  default = null

  validation {
    condition     = var.techdocs == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.techdocs.bucket))
    error_message = "techdocs.bucket must be an S3 bucket name."
  }

  # No wildcard and no trailing slash: the role's rights end at this prefix.
  validation {
    condition     = var.techdocs == null || can(regex("^[a-z0-9-]+/[a-z0-9-]+/[a-z0-9][a-z0-9._-]*$", var.techdocs.prefix))
    error_message = "techdocs.prefix must be <namespace>/<kind>/<name> in lowercase, e.g. default/component/payments-api."
  }
}

variable "tenant_host" {
  description = "Whether tenants may be added by branch in this environment (a production one): creates the tenant role (iam_tenant.tf) the tenant workflow assumes."
  type        = bool
  default     = false
}

variable "preview_host" {
  description = "Whether pull requests' previews run in this environment (the preview entry's host): creates the previews repository (ecr.tf) and the preview role (iam_tenant.tf) that ci.yml's preview job and preview.yml assume."
  type        = bool
  default     = false
}

variable "preview_workflow" {
  description = "The workflow (path in the repository) that destroys previews: when a pull request closes, and on main when their TTL has passed."
  type        = string
  default     = ".github/workflows/preview.yml"
}

variable "tenant_workflow" {
  description = "The workflow (path in the repository) that plans, applies and destroys tenant stacks: on tenants/<tenant> branches in the GitHub environment tenant, and on main in tenant-destroy."
  type        = string
  default     = ".github/workflows/tenant.yml"
}

variable "terraform_state_key" {
  description = "Key of this environment's state object in the platform's state bucket (the backend's key); the deploy role may read and write only it and its lock file."
  type        = string
}

# The runtime's container environment (runtime.yaml `container`): data, so this module names no
# runtime's variables.

variable "container_environment" {
  description = "Plain environment variables of the container: name => value. {hostNames} in a value becomes the host names the service answers to (the load balancer's DNS name and allowed_hosts, comma-separated)."
  type        = map(string)
  default     = {}
}

variable "container_secrets" {
  description = "Secrets of the container: environment variable name => secret id. Each is a Secrets Manager secret <name>/<secret id> this module creates and ECS injects at start; an operator puts its value (README)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for id in values(var.container_secrets) : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", id))])
    error_message = "container_secrets values must be secret ids of lowercase letters, digits and hyphens."
  }
}

variable "container_parameters" {
  description = "Existing SSM parameters (SecureString) the container reads at start: environment variable name => full parameter name, e.g. /platform/production/api-key."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for p in values(var.container_parameters) : startswith(p, "/")])
    error_message = "container_parameters values must be full SSM parameter names starting with /."
  }
}
