"""GET /me: who the caller is, the roles its token carries, and its seller profile if any."""

from estore.domain.identity import Me
from estore.http import SignedIn, entrypoint, make_resolver
from estore.services.identity import whoami

app = make_resolver()


@app.get("/me", summary="The signed-in user", tags=["identity"])
def me(principal: SignedIn) -> Me:
    return whoami(principal)


lambda_handler = entrypoint(app)
