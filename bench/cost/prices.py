"""AWS list prices used by the cost model: us-east-1, on-demand, no free tier, as published on the dated pages.

Each price names its page. Update a value and its `AS_OF` together; `make cost` prints the date it used.
"""

from __future__ import annotations

AS_OF = "2026-12-03 (AWS pricing pages for us-east-1; DynamoDB on-demand after the 2024-11-01 reduction)"

SOURCES = {
    "lambda": "https://aws.amazon.com/lambda/pricing/",
    "apigateway": "https://aws.amazon.com/api-gateway/pricing/",
    "dynamodb": "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    "stepfunctions": "https://aws.amazon.com/step-functions/pricing/",
    "eventbridge": "https://aws.amazon.com/eventbridge/pricing/",
    "s3": "https://aws.amazon.com/s3/pricing/",
    "cloudwatch": "https://aws.amazon.com/cloudwatch/pricing/",
    "secretsmanager": "https://aws.amazon.com/secrets-manager/pricing/",
    "fargate": "https://aws.amazon.com/fargate/pricing/",
    "elb": "https://aws.amazon.com/elasticloadbalancing/pricing/",
}

# Lambda, arm64
LAMBDA_PER_REQUEST = 0.20 / 1_000_000
LAMBDA_PER_GB_SECOND_ARM = 0.0000133334
# API Gateway HTTP API, first 300 million requests a month (billed per 512 KB)
HTTP_API_PER_REQUEST = 1.00 / 1_000_000
# DynamoDB on-demand, standard table class
DYNAMODB_PER_WRU = 0.625 / 1_000_000
DYNAMODB_PER_RRU = 0.125 / 1_000_000
DYNAMODB_STORAGE_GB_MONTH = 0.25
DYNAMODB_PITR_GB_MONTH = 0.20
# Step Functions Express: per request and per GB-second (billed in 100 ms, 64 MB minimum)
SFN_EXPRESS_PER_REQUEST = 1.00 / 1_000_000
SFN_EXPRESS_PER_GB_SECOND = 0.00001667
# EventBridge custom events (64 KB chunks)
EVENTBRIDGE_PER_EVENT = 1.00 / 1_000_000
# S3 standard
S3_PUT_PER_REQUEST = 0.005 / 1_000
S3_GET_PER_REQUEST = 0.0004 / 1_000
# Idle, per month
CLOUDWATCH_ALARM_MONTH = 0.10  # standard-resolution metric alarm
CLOUDWATCH_DASHBOARD_MONTH = 3.00  # beyond the first three custom dashboards of the account
SECRET_MONTH = 0.40
CLOUDWATCH_LOGS_PER_GB = 0.50
# The always-on alternative: Fargate arm64 (Linux) tasks behind an Application Load Balancer
FARGATE_ARM_VCPU_HOUR = 0.03238
FARGATE_ARM_GB_HOUR = 0.00356
ALB_HOUR = 0.0225
ALB_LCU_HOUR = 0.008
HOURS_PER_MONTH = 730
