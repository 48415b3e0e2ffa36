import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useSession } from "../lib/session";
import { ApiError } from "./errors";
import { data } from "./client";
import { keys } from "./keys";
import type { Page, ProductSummary } from "./types";

export function useSearch(q: string) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.search(q),
    enabled: q.trim() !== "",
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/search", { params: { query: { q, limit: 12, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTagProducts(slug: string, limit = 12) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: [...keys.tagProducts(slug), limit],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET("/tags/{slug}/products", {
          params: { path: { slug }, query: { limit, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTags(prefix: string, enabled = true) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.tags(prefix),
    enabled,
    queryFn: async () => data(await api.GET("/tags", { params: { query: { prefix, limit: 10 } } })).items,
  });
}

export function useProduct(id: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.product(id),
    queryFn: async () =>
      data(await api.GET("/products/{productId}", { params: { path: { productId: id } } })),
  });
}

export function useOffers(productId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.offers(productId),
    queryFn: async () =>
      data(await api.GET("/products/{productId}/offers", { params: { path: { productId } } })).items,
  });
}

export function useSeller(id: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.seller(id),
    staleTime: 60_000,
    queryFn: async () => data(await api.GET("/sellers/{sellerId}", { params: { path: { sellerId: id } } })),
  });
}

export type Recommendations = { items: ProductSummary[]; reason: "personal" | "popular" | "new" };

/**
 * GET /recommendations (another issue adds it). Until the route exists (404), or when it has nothing
 * yet, the answer is null and the home page shows "New arrivals" instead.
 */
export function useRecommendations() {
  const { api, identity } = useSession();
  return useQuery({
    queryKey: [...keys.recommendations, identity?.email ?? ""],
    retry: false,
    queryFn: async (): Promise<Recommendations | null> => {
      try {
        const answer = await api.getJson<Recommendations>("/recommendations?limit=12");
        return answer.items.length ? answer : null;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 501)) return null;
        throw error;
      }
    },
  });
}

/** "You may also like" after an order (GET /orders/{id}/recommendations); null while the route is missing. */
export function useOrderRecommendations(orderId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.orderRecommendations(orderId),
    retry: false,
    queryFn: async (): Promise<ProductSummary[] | null> => {
      try {
        const answer = await api.getJson<Page<ProductSummary>>(
          `/orders/${encodeURIComponent(orderId)}/recommendations`,
        );
        return answer.items;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}
