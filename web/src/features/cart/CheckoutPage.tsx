import { useRef } from "react";
import { Link, useNavigate } from "react-router";
import { useCart, usePlaceOrder, useWallet } from "../../api/shopping";
import { ConditionBadge } from "../../components/ConditionBadge";
import { MoneyText } from "../../components/Money";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { newKey } from "../../lib/ids";
import { useTitle } from "../../lib/useTitle";

export function CheckoutPage() {
  useTitle("Checkout");
  const cart = useCart();
  const wallet = useWallet();
  const place = usePlaceOrder();
  const navigate = useNavigate();
  // One key per attempt: kept while the same cart total is being paid (a double click or a retry of a
  // failed request reuses it), renewed when the total changes and the customer agrees to a new amount.
  const attempt = useRef<{ key: string; total: number } | null>(null);
  // A second click before React re-renders the disabled button must not send a second request.
  const sending = useRef(false);

  if (cart.isPending || wallet.isPending) return <Loading />;
  if (cart.error || !cart.data) return <ErrorMessage error={cart.error} retry={() => void cart.refetch()} />;
  const c = cart.data;
  if (c.items.length === 0 && !place.isSuccess)
    return (
      <section>
        <h1>Checkout</h1>
        <p>
          Your cart is empty. <Link to="/">Keep shopping</Link>.
        </p>
      </section>
    );
  const balance = wallet.data?.balance;
  const short = balance !== undefined && balance.amount < c.total.amount;

  function placeOrder() {
    if (sending.current) return;
    sending.current = true;
    if (!attempt.current || attempt.current.total !== c.total.amount)
      attempt.current = { key: newKey(), total: c.total.amount };
    place.mutate(
      { key: attempt.current.key, expectedTotal: c.total },
      {
        onSuccess: (order) => navigate(`/orders/${encodeURIComponent(order.id)}?placed=1`),
        // After success the page leaves: only a failed attempt may be tried again.
        onError: () => {
          sending.current = false;
        },
      },
    );
  }

  return (
    <section>
      <h1>Checkout</h1>
      <ul className="summary">
        {c.items.map((line) => (
          <li key={line.offerId}>
            {line.quantity} × {line.title} <ConditionBadge condition={line.condition} /> —{" "}
            <MoneyText money={line.lineTotal} />
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>Order total</dt>
        <dd>
          <MoneyText money={c.total} />
        </dd>
        <dt>Wallet balance</dt>
        <dd>{balance ? <MoneyText money={balance} /> : "—"}</dd>
      </dl>
      {short && (
        <p className="warning">
          Your wallet does not cover this order. <Link to="/wallet">Add money</Link> first.
        </p>
      )}
      <button type="button" onClick={placeOrder} disabled={place.isPending || short}>
        {place.isPending ? "Placing your order…" : "Place order"}
      </button>
      <ErrorMessage error={place.error} />
      {place.error ? (
        <p className="muted small">
          <Link to="/cart">Review your cart</Link> if prices or stock changed.
        </p>
      ) : null}
    </section>
  );
}
