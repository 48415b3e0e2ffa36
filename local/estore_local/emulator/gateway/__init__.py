"""The emulated API Gateway HTTP API (routes, CORS, JWT authorizer, payload 2.0) on FastAPI."""
