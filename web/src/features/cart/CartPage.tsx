import { Link } from "react-router";
import { useCart, useChangeQuantity, useRemoveFromCart } from "../../api/shopping";
import type { CartLine } from "../../api/types";
import { ConditionBadge } from "../../components/ConditionBadge";
import { MoneyText } from "../../components/Money";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { useTitle } from "../../lib/useTitle";

function LineWarning({ line }: { line: CartLine }) {
  if (!line.available)
    return <p className="warning">This offer is no longer available: remove it to check out.</p>;
  if (line.stock < line.quantity)
    return <p className="warning">Only {line.stock} left in stock: lower the quantity to check out.</p>;
  return null;
}

function Line({ line }: { line: CartLine }) {
  const change = useChangeQuantity();
  const remove = useRemoveFromCart();
  const id = `cart-qty-${line.offerId}`;
  const max = Math.max(line.quantity, Math.min(line.stock, 10));
  return (
    <li className="cart-line">
      <div>
        <Link to={`/products/${encodeURIComponent(line.productId)}`}>{line.title}</Link>{" "}
        <ConditionBadge condition={line.condition} />
        {line.conditionNote && <p className="note small">{line.conditionNote}</p>}
        <p className="muted small">Sold by {line.sellerName}</p>
        <LineWarning line={line} />
      </div>
      <div className="cart-line-controls">
        <label htmlFor={id}>Quantity</label>
        <select
          id={id}
          value={line.quantity}
          disabled={change.isPending}
          onChange={(event) => change.mutate({ offerId: line.offerId, quantity: Number(event.target.value) })}
        >
          {Array.from({ length: max }, (_, index) => index + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <span>
          <MoneyText money={line.unitPrice} /> each
        </span>
        <strong>
          <MoneyText money={line.lineTotal} />
        </strong>
        <button
          type="button"
          className="secondary"
          disabled={remove.isPending}
          aria-label={`Remove ${line.title}`}
          onClick={() => remove.mutate(line.offerId)}
        >
          Remove
        </button>
      </div>
      <ErrorMessage error={change.error ?? remove.error} />
    </li>
  );
}

export function CartPage() {
  useTitle("Cart");
  const cart = useCart();
  return (
    <section>
      <h1>Your cart</h1>
      <QueryState
        query={cart}
        empty={(c) => c.items.length === 0}
        emptyText={
          <>
            Your cart is empty. <Link to="/">Find something you like</Link>.
          </>
        }
      >
        {(c) => {
          const blocked = c.items.some((line) => !line.available || line.stock < line.quantity);
          return (
            <>
              <p className="muted small">Prices are today's prices.</p>
              <ul className="cart">
                {c.items.map((line) => (
                  <Line key={line.offerId} line={line} />
                ))}
              </ul>
              <p className="total">
                Total: <MoneyText money={c.total} />
              </p>
              {blocked ? (
                <p className="warning">Fix the lines marked above before checking out.</p>
              ) : (
                <Link className="button" to="/checkout">
                  Proceed to checkout
                </Link>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
