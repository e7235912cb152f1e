# The task definition and the ECS service.

locals {
  container_name = "app"

  # client_auth jwt: what the service requires of each call's bearer token.
  client_auth_environment = var.client_auth == "jwt" ? {
    AUTH_JWT_ISSUER   = var.jwt.issuer
    AUTH_JWT_AUDIENCE = var.jwt.audience
    AUTH_JWT_JWKS_URL = var.jwt.jwks_url
  } : {}
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # The root filesystem is read-only, so /tmp is a writable volume on the task's ephemeral storage
  # (a Fargate bind mount without a host path), gone when the task stops.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([
    {
      name                   = local.container_name
      image                  = var.container_image
      essential              = true
      user                   = var.container_user
      readonlyRootFilesystem = true
      privileged             = false
      portMappings = [
        {
          containerPort = var.container_port
          protocol      = "tcp"
        },
      ]
      mountPoints = [
        {
          sourceVolume  = "tmp"
          containerPath = "/tmp"
          readOnly      = false
        },
      ]
      linuxParameters = {
        # A minimal init as PID 1 reaps zombies and forwards SIGTERM so the app drains on deploys.
        initProcessEnabled = true
        capabilities = {
          drop = ["ALL"]
        }
      }
      # The runtime's variables; {hostNames} is the host names the application answers to: the load
      # balancer's own and the service's DNS names.
      environment = [
        for env_name, value in merge(var.container_environment, local.client_auth_environment) : {
          name  = env_name
          value = replace(value, "{hostNames}", join(",", concat([aws_lb.this.dns_name], var.allowed_hosts)))
        }
      ]
      # Secret values never appear in the task definition: ECS reads them at start.
      secrets = concat(
        [for env_name, secret in aws_secretsmanager_secret.app : { name = env_name, valueFrom = secret.arn }],
        [for env_name, arn in local.ssm_parameter_arns : { name = env_name, valueFrom = arn }],
      )
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = local.region
          awslogs-stream-prefix = local.container_name
          # Never block the application on a slow log pipeline; buffer instead.
          mode            = "non-blocking"
          max-buffer-size = "25m"
        }
      }
    },
  ])

  # Earlier revisions stay registered so a failed deployment (or a person) can roll back to them.
  skip_destroy = true
}

resource "aws_ecs_service" "this" {
  name                    = var.name
  cluster                 = local.cluster_arn
  task_definition         = aws_ecs_task_definition.this.arn
  desired_count           = var.desired_count
  launch_type             = "FARGATE"
  platform_version        = "LATEST"
  enable_execute_command  = false
  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true

  availability_zone_rebalancing      = "ENABLED"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  # The deploy job fails unless the new tasks become healthy.
  wait_for_steady_state = true

  deployment_controller {
    type = "ECS"
  }

  # Tasks that fail to start or fail the load balancer's health checks stop the deployment, and
  # ECS rolls the service back to the last deployment that reached a steady state.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  lifecycle {
    # Autoscaling owns the running count between var.desired_count and var.max_count.
    ignore_changes = [desired_count]
  }

  depends_on = [
    aws_lb_listener.https,
    aws_iam_role_policy.execution,
  ]
}
