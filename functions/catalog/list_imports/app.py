"""GET /imports: the seller's imports, newest first."""

from estore.auth import Role
from estore.domain.imports import ImportList
from estore.http import caller, entrypoint, make_resolver
from estore.services.imports import list_imports

app = make_resolver()


@app.get("/imports", summary="Your imports", tags=["imports"])
def get_imports() -> ImportList:
    return list_imports(caller(app, Role.SELLERS))


lambda_handler = entrypoint(app)
