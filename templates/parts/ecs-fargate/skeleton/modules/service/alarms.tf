# One alarm per runbook in docs/runbooks/: each description names its runbook and links it, and
# every alarm notifies on ALARM and on recovery (OK). Thresholds are documented in the runbooks;
# change both together.

locals {
  alarm_actions = concat([aws_sns_topic.alarms.arn], var.extra_alarm_topic_arns)

  # Dimensions. The service is named var.name, in its own cluster or its host's (stack.tf).
  target_group_dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this.arn_suffix
  }
  service_dimensions = {
    ClusterName = local.cluster_name
    ServiceName = var.name
  }
  # The web ACL's totals over all its rules.
  web_acl_dimensions = {
    WebACL = aws_wafv2_web_acl.this.name
    Region = local.region
    Rule   = "ALL"
  }
}

resource "aws_cloudwatch_metric_alarm" "high_5xx_rate" {
  alarm_name          = "${var.name}-high-5xx-rate"
  alarm_description   = "${var.environment}: more than 5% of requests answered 5xx (by the tasks or the load balancer) in 3 of 5 minutes. Runbook high-5xx-rate: ${var.runbook_base_url}/high-5xx-rate/"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "rate"
    label       = "5xx responses, % of requests"
    expression  = "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)"
    return_data = true
  }

  metric_query {
    id = "target5xx"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.target_group_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "elb5xx"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = { LoadBalancer = aws_lb.this.arn_suffix }
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = aws_lb.this.arn_suffix }
      period      = 60
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "high_latency" {
  alarm_name          = "${var.name}-high-latency"
  alarm_description   = "${var.environment}: p99 response time of the tasks above 1 second for 5 minutes. Runbook high-latency: ${var.runbook_base_url}/high-latency/"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = local.target_group_dimensions
  extended_statistic  = "p99"
  period              = 60
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  evaluation_periods  = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_targets" {
  alarm_name          = "${var.name}-unhealthy-targets"
  alarm_description   = "${var.environment}: at least one task failing the load balancer health check for 3 minutes. Runbook unhealthy-targets: ${var.runbook_base_url}/unhealthy-targets/"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = local.target_group_dimensions
  statistic           = "Maximum"
  period              = 60
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "high_cpu" {
  alarm_name          = "${var.name}-high-cpu"
  alarm_description   = "${var.environment}: average CPU of the service above 80% for 5 minutes. Runbook high-cpu: ${var.runbook_base_url}/high-cpu/"
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = local.service_dimensions
  statistic           = "Average"
  period              = 60
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 5
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "high_memory" {
  alarm_name          = "${var.name}-high-memory"
  alarm_description   = "${var.environment}: average memory of the service above 80% for 5 minutes. Runbook high-memory: ${var.runbook_base_url}/high-memory/"
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  dimensions          = local.service_dimensions
  statistic           = "Average"
  period              = 60
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 5
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "running_tasks_below_desired" {
  alarm_name          = "${var.name}-running-tasks-below-desired"
  alarm_description   = "${var.environment}: fewer tasks running than ECS wants for 5 minutes (Container Insights). Runbook running-tasks-below-desired: ${var.runbook_base_url}/running-tasks-below-desired/"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 5
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "missing_tasks"
    label       = "Desired minus running tasks"
    expression  = "desired - running"
    return_data = true
  }

  metric_query {
    id = "desired"

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "DesiredTaskCount"
      dimensions  = local.service_dimensions
      period      = 60
      stat        = "Average"
    }
  }

  metric_query {
    id = "running"

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "RunningTaskCount"
      dimensions  = local.service_dimensions
      period      = 60
      stat        = "Average"
    }
  }
}

# --- Security events: attacks show as many blocked or refused requests before they show as errors.

resource "aws_cloudwatch_metric_alarm" "waf_blocked_requests_spike" {
  alarm_name          = "${var.name}-waf-blocked-requests-spike"
  alarm_description   = "${var.environment}: the WAF blocked more than 10% of requests (and at least 100) in 2 of 3 five-minute periods: a flood, a scan or an attack in progress, or a rule blocking legitimate clients. Runbook waf-blocked-requests-spike: ${var.runbook_base_url}/waf-blocked-requests-spike/"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "blocked_rate"
    label       = "Requests blocked by the WAF, % of requests"
    expression  = "IF(FILL(blocked, 0) >= 100, 100 * FILL(blocked, 0) / (FILL(blocked, 0) + FILL(allowed, 0)), 0)"
    return_data = true
  }

  metric_query {
    id = "blocked"

    metric {
      namespace   = "AWS/WAFV2"
      metric_name = "BlockedRequests"
      dimensions  = local.web_acl_dimensions
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "allowed"

    metric {
      namespace   = "AWS/WAFV2"
      metric_name = "AllowedRequests"
      dimensions  = local.web_acl_dimensions
      period      = 300
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "high_4xx_rate" {
  alarm_name          = "${var.name}-high-4xx-rate"
  alarm_description   = "${var.environment}: more than 25% of requests (at least 50 a minute) answered 4xx in 3 of 5 minutes: refused credentials, probing for paths, or a client sending bad requests. Runbook high-4xx-rate: ${var.runbook_base_url}/high-4xx-rate/"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 25
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "rate"
    label       = "4xx responses, % of requests"
    expression  = "IF(FILL(requests, 0) >= 50, 100 * (FILL(target4xx, 0) + FILL(elb4xx, 0)) / requests, 0)"
    return_data = true
  }

  metric_query {
    id = "target4xx"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_4XX_Count"
      dimensions  = local.target_group_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "elb4xx"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_4XX_Count"
      dimensions  = { LoadBalancer = aws_lb.this.arn_suffix }
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = aws_lb.this.arn_suffix }
      period      = 60
      stat        = "Sum"
    }
  }
}
