"""A template-driven AWS emulator: moto with its gaps filled, the HTTP API, Lambda's runner and event sources.

Nothing here knows Estore's shop: it reads `template.yaml` and runs whatever functions it declares.
"""
