import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../lib/session";
import { data } from "./client";
import { keys } from "./keys";
import { toApiMoney, type Money } from "../lib/money";

export function useCart(enabled = true) {
  const { api, identity } = useSession();
  return useQuery({
    queryKey: keys.cart,
    enabled: enabled && identity !== null,
    queryFn: async () => data(await api.GET("/cart")),
  });
}

export function useAddToCart() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (line: { offerId: string; quantity: number }) =>
      data(await api.POST("/cart/items", { body: line })),
    onSuccess: (cart) => client.setQueryData(keys.cart, cart),
  });
}

export function useChangeQuantity() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ offerId, quantity }: { offerId: string; quantity: number }) =>
      data(await api.PATCH("/cart/items/{offerId}", { params: { path: { offerId } }, body: { quantity } })),
    onSuccess: (cart) => client.setQueryData(keys.cart, cart),
  });
}

export function useRemoveFromCart() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (offerId: string) =>
      data(await api.DELETE("/cart/items/{offerId}", { params: { path: { offerId } } })),
    onSuccess: (cart) => client.setQueryData(keys.cart, cart),
  });
}

/**
 * POST /checkout with the attempt's Idempotency-Key: the caller makes one key per attempt and keeps it
 * for retries of that attempt, so a double click or a retry never makes two orders.
 */
export function usePlaceOrder() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ key, expectedTotal }: { key: string; expectedTotal: Money }) =>
      data(
        await api.POST("/checkout", {
          params: { header: { "idempotency-key": key } },
          body: { expectedTotal: expectedTotal && toApiMoney(expectedTotal) },
        }),
      ),
    onSuccess: (order) => {
      client.setQueryData(keys.order(order.id), order);
      void client.invalidateQueries({ queryKey: keys.cart });
      void client.invalidateQueries({ queryKey: keys.orders });
      void client.invalidateQueries({ queryKey: keys.wallet });
    },
    // Stock or prices moved under the customer: show today's cart again.
    onError: () => void client.invalidateQueries({ queryKey: keys.cart }),
  });
}

export function useOrders() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.orders,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/orders", { params: { query: { limit: 10, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useOrder(id: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.order(id),
    queryFn: async () => data(await api.GET("/orders/{orderId}", { params: { path: { orderId: id } } })),
  });
}

export function useWallet(enabled = true) {
  const { api, identity } = useSession();
  return useQuery({
    queryKey: keys.wallet,
    enabled: enabled && identity !== null,
    queryFn: async () => data(await api.GET("/wallet")),
  });
}

export function useWalletEntries() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.walletEntries,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/wallet/entries", { params: { query: { limit: 10, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export type WalletMove =
  | { kind: "deposit"; amount: Money; key: string }
  | { kind: "withdraw"; amount: Money; key: string }
  | { kind: "transfer"; amount: Money; key: string; toUserId: string };

export function useWalletMove() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (move: WalletMove) => {
      const params = { header: { "idempotency-key": move.key } };
      if (move.kind === "deposit")
        return data(
          await api.POST("/wallet/deposits", { params, body: { amount: toApiMoney(move.amount) } }),
        );
      if (move.kind === "withdraw")
        return data(
          await api.POST("/wallet/withdrawals", { params, body: { amount: toApiMoney(move.amount) } }),
        );
      return data(
        await api.POST("/wallet/transfers", {
          params,
          body: { amount: toApiMoney(move.amount), toUserId: move.toUserId },
        }),
      );
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.wallet }),
  });
}

export function useMe(enabled = true) {
  const { api, identity } = useSession();
  return useQuery({
    queryKey: [...keys.me, identity?.email ?? ""],
    enabled: enabled && identity !== null,
    queryFn: async () => data(await api.GET("/me")),
  });
}
