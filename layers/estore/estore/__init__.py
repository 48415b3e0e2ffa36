"""Estore's shared layer: domain rules, DynamoDB store, HTTP plumbing and observability."""
