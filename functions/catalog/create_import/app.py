"""POST /imports: a seller announces a CSV or ZIP to import; answers a presigned POST for the file."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.imports import ImportCreated, NewImport
from estore.http import CorrelationId, Seller, created, entrypoint, make_resolver
from estore.services.imports import create_import

app = make_resolver()


@app.post("/imports", summary="Start a bulk import", tags=["imports"], responses={201: {"description": "Created"}})
def post_import(request: NewImport, *, seller: Seller, correlation_id: CorrelationId) -> Response[ImportCreated]:
    answer = create_import(seller, request, correlation_id=correlation_id)
    return created(answer)


lambda_handler = entrypoint(app)
