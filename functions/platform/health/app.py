"""GET /health: 200 when the table and the images bucket answer; 503 naming what fails."""

from estore.errors import Unavailable
from estore.http import entrypoint, make_resolver
from estore.services.health import Health, check_health

app = make_resolver()


@app.get("/health", summary="Liveness and dependency checks", tags=["platform"])
def health() -> Health:
    result = check_health()
    if not result.healthy:
        failing = sorted(name for name, state in result.checks.items() if state != "ok")
        raise Unavailable(
            f"Unhealthy: {', '.join(failing)} failing.",
            code="UNHEALTHY",
            details=[{"check": name, "status": result.checks[name]} for name in sorted(result.checks)],
        )
    return result


lambda_handler = entrypoint(app)
