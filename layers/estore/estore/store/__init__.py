"""DynamoDB: key shapes, the unit of work, repositories. The only package that talks to the table."""
