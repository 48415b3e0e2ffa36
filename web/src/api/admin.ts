import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../lib/session";
import { data } from "./client";
import { keys } from "./keys";
import { toApiMoney, type Money } from "../lib/money";

export function useAdminSellers() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.adminSellers,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/admin/sellers", { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useSuspendSeller() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (sellerId: string) =>
      data(await api.POST("/admin/sellers/{sellerId}/suspend", { params: { path: { sellerId } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.adminSellers });
      void client.invalidateQueries({ queryKey: ["search"] });
    },
  });
}

export function useReinstateSeller() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (sellerId: string) =>
      data(await api.POST("/admin/sellers/{sellerId}/reinstate", { params: { path: { sellerId } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.adminSellers });
      void client.invalidateQueries({ queryKey: ["search"] });
    },
  });
}

export function useAdminOrders() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.adminOrders,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/admin/orders", { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTrialBalance() {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.trialBalance,
    queryFn: async () => data(await api.GET("/admin/ledger/trial-balance")),
  });
}

export function useRemoveProduct() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (productId: string) => {
      await api.DELETE("/admin/products/{productId}", { params: { path: { productId } } });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ["search"] }),
  });
}

export function useCreditWallet() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (credit: { userId: string; amount: Money; reason: string; key: string }) =>
      data(
        await api.POST("/admin/accounts/{userId}/credits", {
          params: { path: { userId: credit.userId }, header: { "idempotency-key": credit.key } },
          body: { amount: toApiMoney(credit.amount), reason: credit.reason },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.trialBalance }),
  });
}
