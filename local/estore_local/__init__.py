"""The docker-free local cloud: moto as the AWS endpoint, real handlers, an emulated HTTP API."""
