"""GET /wallet: the caller's balance."""

from estore.auth import Role
from estore.domain.ledger import Wallet
from estore.http import caller, entrypoint, make_resolver
from estore.services.wallet import wallet

app = make_resolver()


@app.get("/wallet", summary="My balance", tags=["wallet"])
def get_wallet() -> Wallet:
    return wallet(caller(app, Role.CUSTOMERS))


lambda_handler = entrypoint(app)
