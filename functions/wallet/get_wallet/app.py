"""GET /wallet: the caller's balance."""

from estore.domain.ledger import Wallet
from estore.http import Customer, entrypoint, make_resolver
from estore.services.wallet import wallet

app = make_resolver()


@app.get("/wallet", summary="My balance", tags=["wallet"])
def get_wallet(customer: Customer) -> Wallet:
    return wallet(customer)


lambda_handler = entrypoint(app)
