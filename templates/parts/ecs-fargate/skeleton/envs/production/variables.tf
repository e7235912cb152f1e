variable "container_image" {
  description = "Image to deploy, pinned by digest (<repository url>@sha256:<digest>); set by the deploy job."
  type        = string
}
