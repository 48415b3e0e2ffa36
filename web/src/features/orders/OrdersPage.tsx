import { Link } from "react-router";
import { useOrders } from "../../api/shopping";
import { LoadMore } from "../../components/LoadMore";
import { MoneyText } from "../../components/Money";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { useTitle } from "../../lib/useTitle";
import { formatDate } from "./OrderLines";

export function OrdersPage() {
  useTitle("Your orders");
  const orders = useOrders();
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <h1>Your orders</h1>
      {orders.isPending && <Loading />}
      <ErrorMessage error={orders.error} retry={() => void orders.refetch()} />
      {orders.isSuccess && items.length === 0 && (
        <Empty>
          No orders yet. <Link to="/">Start shopping</Link>.
        </Empty>
      )}
      <ul className="orders">
        {items.map((order) => (
          <li key={order.id}>
            <Link to={`/orders/${encodeURIComponent(order.id)}`}>Order {order.number}</Link>
            <span className="muted small">
              {" "}
              · {formatDate(order.createdAt)} · {order.lines.length}{" "}
              {order.lines.length === 1 ? "item" : "items"} · {order.status.toLowerCase()}
            </span>{" "}
            <MoneyText money={order.total} />
          </li>
        ))}
      </ul>
      <LoadMore {...orders} />
    </section>
  );
}
