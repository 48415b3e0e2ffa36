import { useQueries } from "@tanstack/react-query";
import { data } from "../../api/client";
import { useRecommendations, useTags } from "../../api/catalog";
import { keys } from "../../api/keys";
import type { ProductSummary, Tag } from "../../api/types";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { Shelf } from "../../components/Shelf";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

const SHELVES = 4;
const REASONS = {
  personal: "Recommended for you",
  popular: "Popular right now",
  new: "New arrivals",
} as const;

/** Each tag's products come newest first: merged in turns they make the store's new arrivals. */
export function newArrivals(shelves: ProductSummary[][], limit = 12): ProductSummary[] {
  const seen = new Set<string>();
  const merged: ProductSummary[] = [];
  for (let index = 0; merged.length < limit && shelves.some((shelf) => index < shelf.length); index++) {
    for (const shelf of shelves) {
      const product = shelf[index];
      if (product && !seen.has(product.id) && merged.length < limit) {
        seen.add(product.id);
        merged.push(product);
      }
    }
  }
  return merged;
}

function useTagShelves(tags: Tag[]) {
  const { api } = useSession();
  return useQueries({
    queries: tags.map((tag) => ({
      queryKey: [...keys.tagProducts(tag.slug), "shelf"],
      queryFn: async () =>
        data(
          await api.GET("/tags/{slug}/products", {
            params: { path: { slug: tag.slug }, query: { limit: 8 } },
          }),
        ).items,
    })),
  });
}

export function HomePage() {
  useTitle("");
  const recommendations = useRecommendations();
  const tags = useTags("");
  const shelfTags = (tags.data ?? []).slice(0, SHELVES);
  const shelves = useTagShelves(shelfTags);
  const loaded = shelves.map((shelf) => shelf.data ?? []);
  const recommended = recommendations.data;
  return (
    <div className="home">
      <h1>Welcome to Estore</h1>
      <p className="lede">New, used and refurbished — from sellers you can rate.</p>
      {tags.isPending && <Loading label="Loading the shelves…" />}
      <ErrorMessage error={tags.error} retry={() => void tags.refetch()} />
      {recommended ? (
        <Shelf title={REASONS[recommended.reason] ?? "Recommended for you"} products={recommended.items} />
      ) : (
        !recommendations.isPending && <Shelf title="New arrivals" products={newArrivals(loaded)} />
      )}
      {shelfTags.map((tag, index) => (
        <Shelf
          key={tag.slug}
          title={tag.name}
          products={shelves[index]?.data ?? []}
          moreHref={`/tags/${encodeURIComponent(tag.slug)}`}
        />
      ))}
      {tags.data && tags.data.length === 0 && <p className="empty muted">The shop has no products yet.</p>}
    </div>
  );
}
