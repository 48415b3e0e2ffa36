"""GET /admin/ledger/trial-balance: debits equal credits over the whole journal, and balances match it."""

from estore.domain.ledger import TrialBalance
from estore.http import Admin, entrypoint, make_resolver
from estore.services.ledger import trial_balance

app = make_resolver()


@app.get("/admin/ledger/trial-balance", summary="Trial balance", tags=["admin"])
def get_trial_balance(_admin: Admin) -> TrialBalance:
    return trial_balance()


lambda_handler = entrypoint(app)
