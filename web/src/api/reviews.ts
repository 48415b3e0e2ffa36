import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../lib/session";
import { data, type Schemas } from "./client";
import { keys } from "./keys";

export type Review = Schemas["Review"];

export function useProductReviews(productId: string) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.productReviews(productId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET("/products/{productId}/reviews", {
          params: { path: { productId }, query: { limit: 10, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useSellerReviews(sellerId: string) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.sellerReviews(sellerId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET("/sellers/{sellerId}/reviews", {
          params: { path: { sellerId }, query: { limit: 10, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** POST /products/{id}/reviews: the product's rating and its review list change with it. */
export function usePostProductReview(productId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (review: Schemas["NewProductReview"]) =>
      data(
        await api.POST("/products/{productId}/reviews", { params: { path: { productId } }, body: review }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.product(productId) }),
  });
}

/** POST /sellers/{id}/reviews: feedback on one order's part from that seller. */
export function usePostSellerReview(sellerId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (review: Schemas["NewSellerReview"]) =>
      data(await api.POST("/sellers/{sellerId}/reviews", { params: { path: { sellerId } }, body: review })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.seller(sellerId) }),
  });
}
