import { Link, useParams } from "react-router";
import { useSeller } from "../../api/catalog";
import { useSellerReviews } from "../../api/reviews";
import { LoadMore } from "../../components/LoadMore";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { ratingText, ReviewList } from "../../components/Reviews";
import { useTitle } from "../../lib/useTitle";

/** A store's public page: its rating and its customers' feedback, newest first. */
export function SellerPage() {
  const id = useParams().sellerId ?? "";
  const seller = useSeller(id);
  const reviews = useSellerReviews(id);
  useTitle(seller.data?.storeName ?? "Seller");
  if (seller.isPending) return <Loading />;
  if (seller.error || !seller.data)
    return (
      <section>
        <h1>Seller not found</h1>
        <ErrorMessage error={seller.error} />
        <Link to="/">Back to the shop</Link>
      </section>
    );
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <h1>{seller.data.storeName}</h1>
      <p>{ratingText(seller.data.rating, seller.data.reviewCount)}</p>
      <h2>Customer feedback</h2>
      {reviews.isPending && <Loading />}
      <ErrorMessage error={reviews.error} retry={() => void reviews.refetch()} />
      {reviews.isSuccess && items.length === 0 && <Empty>No feedback yet.</Empty>}
      {items.length > 0 && <ReviewList reviews={items} />}
      <LoadMore {...reviews} />
    </section>
  );
}
