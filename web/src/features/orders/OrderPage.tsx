import { Link, useParams, useSearchParams } from "react-router";
import { useOrderRecommendations } from "../../api/catalog";
import { useOrder } from "../../api/shopping";
import { MoneyText } from "../../components/Money";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { Shelf } from "../../components/Shelf";
import { useTitle } from "../../lib/useTitle";
import { formatDate, OrderLines } from "./OrderLines";

function YouMayAlsoLike({ orderId }: { orderId: string }) {
  const recommendations = useOrderRecommendations(orderId);
  // The route comes with the recommendations issue: until then (404) the shelf is simply not shown.
  return <Shelf title="You may also like" products={recommendations.data ?? []} />;
}

export function OrderPage() {
  const id = useParams().orderId ?? "";
  const placed = useSearchParams()[0].get("placed") === "1";
  const order = useOrder(id);
  useTitle(order.data ? `Order ${order.data.number}` : "Order");
  if (order.isPending) return <Loading />;
  if (order.error || !order.data)
    return <ErrorMessage error={order.error} retry={() => void order.refetch()} />;
  const o = order.data;
  return (
    <section>
      {placed && (
        <p className="ok" role="status">
          Thank you! Your order is placed and paid from your wallet.
        </p>
      )}
      <h1>Order {o.number}</h1>
      <p className="muted">
        {formatDate(o.createdAt)} · {o.status.toLowerCase()}
      </p>
      <OrderLines lines={o.lines} />
      <p className="total">
        Total: <MoneyText money={o.total} />
      </p>
      <p>
        <Link to="/orders">All your orders</Link>
      </p>
      {placed && <YouMayAlsoLike orderId={o.id} />}
    </section>
  );
}
