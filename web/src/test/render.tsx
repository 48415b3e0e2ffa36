/** Renders the app's routes with a session over a fake fetch: tests see what the user sees. */
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { AppRoutes } from "../App";
import type { Auth, Identity } from "../lib/auth";
import type { AppConfig } from "../lib/config";
import { SessionProvider } from "../lib/session";

export const CONFIG: AppConfig = {
  apiUrl: "http://api.test",
  region: "us-east-1",
  userPoolId: "us-east-1_test",
  userPoolClientId: "client",
  currency: "USD",
};

export const CUSTOMER: Identity = {
  email: "ada@example.com",
  groups: ["customers"],
  accessToken: "token-ada",
};

type Route = { method?: string; path: string; status?: number; body?: unknown };

/** A fetch answering from a list of routes; every request is recorded. */
export function fakeApi(routes: Route[]) {
  const calls: { method: string; path: string; headers: Headers; body: string | null }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const body = request.method === "GET" ? null : await request.clone().text();
    calls.push({ method: request.method, path: url.pathname + url.search, headers: request.headers, body });
    const route = routes.find(
      (r) => (r.method ?? "GET") === request.method && (url.pathname + url.search).startsWith(r.path),
    );
    if (!route)
      return new Response(
        JSON.stringify({ error: { code: "NOT_FOUND", message: "No route" }, requestId: "r" }),
        {
          status: 404,
          headers: { "content-type": "application/json" },
        },
      );
    return new Response(route.status === 204 ? null : JSON.stringify(route.body ?? {}), {
      status: route.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls };
}

export function fakeAuth(identity: Identity | null, overrides: Partial<Auth> = {}): Auth {
  return {
    current: async () => identity,
    signIn: vi.fn(),
    signUp: vi.fn(),
    confirm: vi.fn(),
    resendCode: vi.fn(),
    refresh: vi.fn(),
    signOut: vi.fn(),
    ...overrides,
  } as unknown as Auth;
}

export function renderApp(path: string, options: { identity?: Identity | null; auth?: Auth } = {}) {
  const identity = options.identity === undefined ? CUSTOMER : options.identity;
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider config={CONFIG} initialIdentity={identity} auth={options.auth ?? fakeAuth(identity)}>
          <AppRoutes />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

export const usd = (amount: number) => ({ amount, currency: "USD" });

export function offer(overrides: Record<string, unknown> = {}) {
  return {
    id: "o1",
    productId: "p1",
    sellerId: "s1",
    sellerName: "Brick Harbor",
    condition: "new",
    conditionNote: null,
    price: usd(84999),
    stock: 3,
    variant: null,
    ...overrides,
  };
}

export function product(overrides: Record<string, unknown> = {}) {
  return {
    id: "p1",
    title: "LEGO Star Wars Millennium Falcon 75192",
    brand: "LEGO",
    category: "Toys",
    tags: ["lego", "star-wars"],
    image: null,
    bestOffer: offer(),
    description: "The Ultimate Collector Series Falcon.",
    images: [],
    otherOffersCount: 1,
    createdAt: "2026-12-01T10:00:00Z",
    ...overrides,
  };
}
