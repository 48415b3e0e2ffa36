import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import {
  useAdminOrders,
  useAdminSellers,
  useCreditWallet,
  useReinstateSeller,
  useRemoveProduct,
  useSuspendSeller,
  useTrialBalance,
} from "../../api/admin";
import { AmountField } from "../../components/AmountField";
import { LoadMore } from "../../components/LoadMore";
import { MoneyText } from "../../components/Money";
import { Empty, ErrorMessage, Loading, QueryState } from "../../components/QueryState";
import { newKey } from "../../lib/ids";
import { parseAmount } from "../../lib/money";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

function Sellers() {
  const sellers = useAdminSellers();
  const suspend = useSuspendSeller();
  const reinstate = useReinstateSeller();
  const items = sellers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="admin-sellers">
      <h2 id="admin-sellers">Sellers</h2>
      {sellers.isPending && <Loading />}
      <ErrorMessage
        error={sellers.error ?? suspend.error ?? reinstate.error}
        retry={() => void sellers.refetch()}
      />
      {sellers.isSuccess && items.length === 0 && <Empty>No sellers yet.</Empty>}
      <ul className="rows">
        {items.map((seller) => (
          <li key={seller.id}>
            <span>
              <strong>{seller.storeName}</strong>{" "}
              <span className={seller.status === "SUSPENDED" ? "badge badge-used" : "muted small"}>
                {seller.status === "SUSPENDED" ? "Suspended" : "Active"}
              </span>
            </span>
            {seller.status === "SUSPENDED" ? (
              <button
                type="button"
                className="secondary"
                aria-label={`Reinstate ${seller.storeName}`}
                disabled={reinstate.isPending}
                onClick={() => reinstate.mutate(seller.id)}
              >
                Reinstate
              </button>
            ) : (
              <button
                type="button"
                className="danger"
                aria-label={`Suspend ${seller.storeName}`}
                disabled={suspend.isPending}
                onClick={() => {
                  if (window.confirm(`Suspend ${seller.storeName}? Its offers leave search and carts.`))
                    suspend.mutate(seller.id);
                }}
              >
                Suspend
              </button>
            )}
          </li>
        ))}
      </ul>
      <LoadMore {...sellers} />
    </section>
  );
}

function Orders() {
  const orders = useAdminOrders();
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="admin-orders">
      <h2 id="admin-orders">All orders</h2>
      {orders.isPending && <Loading />}
      <ErrorMessage error={orders.error} retry={() => void orders.refetch()} />
      {orders.isSuccess && items.length === 0 && <Empty>No orders yet.</Empty>}
      <div className="table-wrap" role="region" aria-label="All orders table" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Customer</th>
              <th scope="col">Items</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {items.map((order) => (
              <tr key={order.id}>
                <td>{order.number}</td>
                <td>
                  <code>{order.customerId}</code>
                </td>
                <td>{order.lines.reduce((sum, line) => sum + line.quantity, 0)}</td>
                <td>
                  <MoneyText money={order.total} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore {...orders} />
    </section>
  );
}

function TrialBalance() {
  const balance = useTrialBalance();
  return (
    <section aria-labelledby="admin-ledger">
      <h2 id="admin-ledger">Trial balance</h2>
      <QueryState query={balance}>
        {(tb) => (
          <>
            <p className={tb.balanced ? "ok" : "error"}>
              {tb.balanced ? "Balanced: debits equal credits." : "NOT balanced: see the mismatches."}
            </p>
            <p className="muted small">
              {tb.entries} journal entries over {tb.accounts} accounts.
            </p>
            <button type="button" className="secondary" onClick={() => void balance.refetch()}>
              Check again
            </button>
          </>
        )}
      </QueryState>
    </section>
  );
}

function RemoveProduct() {
  const remove = useRemoveProduct();
  const [id, setId] = useState("");
  return (
    <form
      className="panel"
      aria-labelledby="admin-remove"
      onSubmit={(event) => {
        event.preventDefault();
        if (window.confirm("Remove this product for everyone?"))
          remove.mutate(id.trim(), { onSuccess: () => setId("") });
      }}
    >
      <h2 id="admin-remove">Remove a product</h2>
      <div className="field">
        <label htmlFor="remove-product-id">Product ID</label>
        <input id="remove-product-id" value={id} onChange={(e) => setId(e.target.value)} required />
      </div>
      <button type="submit" className="danger" disabled={remove.isPending}>
        Remove product
      </button>
      <ErrorMessage error={remove.error} />
      {remove.isSuccess && (
        <p className="ok" role="status">
          Removed.
        </p>
      )}
    </form>
  );
}

function CreditWallet() {
  const credit = useCreditWallet();
  const { config } = useSession();
  const [form, setForm] = useState({ userId: "", amount: "", reason: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const attempt = useRef<{ key: string; values: string } | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    const amount = parseAmount(form.amount, config.currency);
    if (amount === null || amount <= 0) return setProblem("Enter an amount like 10 or 10.50.");
    setProblem(null);
    const values = JSON.stringify(form);
    if (attempt.current?.values !== values) attempt.current = { key: newKey(), values };
    credit.mutate(
      {
        userId: form.userId.trim(),
        amount: { amount, currency: config.currency },
        reason: form.reason.trim(),
        key: attempt.current.key,
      },
      { onSuccess: () => setForm({ userId: "", amount: "", reason: "" }) },
    );
  }
  return (
    <form className="panel" aria-labelledby="admin-credit" onSubmit={submit}>
      <h2 id="admin-credit">Credit a wallet</h2>
      <div className="field">
        <label htmlFor="credit-user">Account ID</label>
        <input
          id="credit-user"
          value={form.userId}
          onChange={(e) => setForm({ ...form, userId: e.target.value })}
          required
        />
      </div>
      <AmountField
        label="Amount"
        currency={config.currency}
        value={form.amount}
        onChange={(amount) => setForm({ ...form, amount })}
      />
      <div className="field">
        <label htmlFor="credit-reason">Reason</label>
        <input
          id="credit-reason"
          value={form.reason}
          minLength={3}
          maxLength={200}
          onChange={(e) => setForm({ ...form, reason: e.target.value })}
          required
        />
      </div>
      <button type="submit" disabled={credit.isPending}>
        Credit wallet
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={credit.error} />
      {credit.isSuccess && (
        <p className="ok" role="status">
          Credited <MoneyText money={credit.data.amount} />.
        </p>
      )}
    </form>
  );
}

export function AdminPage() {
  useTitle("Admin");
  return (
    <div>
      <h1>Admin</h1>
      <p className="muted small">
        Remove a product from its page ID (the address after <code>/products/</code>).{" "}
        <Link to="/">Storefront</Link>
      </p>
      <Sellers />
      <Orders />
      <TrialBalance />
      <div className="panels">
        <RemoveProduct />
        <CreditWallet />
      </div>
    </div>
  );
}
