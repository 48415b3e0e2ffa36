import { Link, useParams, useSearchParams } from "react-router";
import { useOrderRecommendations } from "../../api/catalog";
import { usePostSellerReview } from "../../api/reviews";
import { useOrder } from "../../api/shopping";
import { MoneyText } from "../../components/Money";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { ReviewForm } from "../../components/Reviews";
import { Shelf } from "../../components/Shelf";
import { useTitle } from "../../lib/useTitle";
import { formatDate, OrderLines } from "./OrderLines";

function YouMayAlsoLike({ orderId }: { orderId: string }) {
  const recommendations = useOrderRecommendations(orderId);
  // The route comes with the recommendations issue: until then (404) the shelf is simply not shown.
  return <Shelf title="You may also like" products={recommendations.data ?? []} />;
}

function RateSeller({
  orderId,
  sellerId,
  sellerName,
}: {
  orderId: string;
  sellerId: string;
  sellerName: string;
}) {
  const post = usePostSellerReview(sellerId);
  return (
    <ReviewForm
      heading={`Rate ${sellerName}`}
      withTitle={false}
      submitLabel={`Post feedback for ${sellerName}`}
      pending={post.isPending}
      error={post.error}
      done={post.isSuccess}
      onSubmit={({ rating, text }) => post.mutate({ orderId, rating, text })}
    />
  );
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
      <section aria-labelledby="rate-sellers">
        <h2 id="rate-sellers">Rate your sellers</h2>
        <div className="panels">
          {[...new Map(o.lines.map((line) => [line.sellerId, line.sellerName])).entries()].map(
            ([sellerId, sellerName]) => (
              <RateSeller key={sellerId} orderId={o.id} sellerId={sellerId} sellerName={sellerName} />
            ),
          )}
        </div>
      </section>
    </section>
  );
}
