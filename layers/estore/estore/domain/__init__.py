"""Pure rules and models. No boto3 here."""
