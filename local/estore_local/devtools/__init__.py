"""Estore's own dev tools on top of the emulator: demo users and catalog, openapi.json, template.yaml, web deploy."""
