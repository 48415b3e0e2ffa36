import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../lib/session";
import { data } from "./client";
import { keys } from "./keys";
import type { NewProduct, OfferInput } from "./types";
import { toApiMoney } from "../lib/money";

const pageOf = { limit: 20 };

export function useMyProducts() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.myProducts,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/sellers/me/products", { params: { query: { ...pageOf, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useMyOffers() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.myOffers,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/sellers/me/offers", { params: { query: { ...pageOf, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useMySales() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.mySales,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/sellers/me/orders", { params: { query: { ...pageOf, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useImageLibrary() {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: keys.images,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET("/images", { params: { query: { ...pageOf, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useOpenStore() {
  const { api, auth, setIdentity } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (storeName: string) => {
      const profile = data(await api.POST("/sellers", { body: { storeName } }));
      // New tokens carry the `sellers` group: the seller pages appear without signing out.
      setIdentity(await auth.refresh());
      return profile;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useCreateProduct() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ product, key }: { product: NewProduct; key: string }) =>
      data(await api.POST("/products", { params: { header: { "idempotency-key": key } }, body: product })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.myProducts });
      void client.invalidateQueries({ queryKey: keys.myOffers });
      void client.invalidateQueries({ queryKey: ["search"] });
    },
  });
}

export function useUpdateProduct(productId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (changes: {
      title?: string;
      description?: string;
      brand?: string;
      category?: string;
      tags?: string[];
    }) => data(await api.PATCH("/products/{productId}", { params: { path: { productId } }, body: changes })),
    onSuccess: (product) => {
      client.setQueryData(keys.product(productId), product);
      void client.invalidateQueries({ queryKey: keys.myProducts });
    },
  });
}

export function useDeleteProduct() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (productId: string) => {
      await api.DELETE("/products/{productId}", { params: { path: { productId } } });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.myProducts });
      void client.invalidateQueries({ queryKey: keys.myOffers });
      void client.invalidateQueries({ queryKey: ["search"] });
    },
  });
}

export function useAddOffer(productId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (offer: OfferInput) =>
      data(await api.POST("/products/{productId}/offers", { params: { path: { productId } }, body: offer })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.offers(productId) });
      void client.invalidateQueries({ queryKey: keys.myOffers });
    },
  });
}

export function useUpdateOffer() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      offerId,
      changes,
    }: {
      offerId: string;
      changes: { price?: { amount: number; currency: string }; stock?: number; conditionNote?: string };
    }) =>
      data(
        await api.PATCH("/offers/{offerId}", {
          params: { path: { offerId } },
          body: { ...changes, price: changes.price && toApiMoney(changes.price) },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.myOffers }),
  });
}

export function useDeleteOffer() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (offerId: string) => {
      await api.DELETE("/offers/{offerId}", { params: { path: { offerId } } });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.myOffers }),
  });
}
