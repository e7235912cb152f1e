# A tenant's cost cap (infra/environments.yaml monthlyCostCap, USD): AWS Budgets sums the month's
# cost of the resources tagged Environment=<this environment> (the root's default tags; the
# platform activates the cost allocation tag `Environment` once per account) and notifies the alarm
# topic at 80 % of the cap actually spent and at 100 % forecast. A cap warns; it stops nothing.

resource "aws_budgets_budget" "cost_cap" {
  count = var.monthly_cost_cap == null ? 0 : 1

  name         = "${var.name}-monthly"
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_cost_cap)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  cost_filter {
    name   = "TagKeyValue"
    values = [format("user:Environment$%s", var.environment)]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alarms.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = [aws_sns_topic.alarms.arn]
  }
}
