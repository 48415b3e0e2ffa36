import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderApp, usd } from "../../test/render";

const cart = {
  items: [
    {
      offerId: "o2",
      productId: "p1",
      title: "LEGO Star Wars Millennium Falcon 75192",
      condition: "used",
      conditionNote: "Built once.",
      sellerId: "s2",
      sellerName: "Second Spin",
      quantity: 1,
      unitPrice: usd(64900),
      lineTotal: usd(64900),
      available: true,
      stock: 1,
    },
  ],
  total: usd(64900),
};
const order = {
  id: "ord1",
  number: "ES-7KQ2-9XPA",
  status: "PLACED",
  customerId: "u1",
  lines: [{ ...cart.items[0] }],
  total: usd(64900),
  createdAt: "2026-12-03T10:00:00Z",
};

afterEach(() => vi.unstubAllGlobals());

describe("checkout", () => {
  it("shows the wallet balance and total, marks the used line, and places the order once", async () => {
    // Given a cart with a used line and a wallet that covers it
    const api = fakeApi([
      { path: "/cart", body: cart },
      { path: "/wallet", body: { balance: usd(100000) } },
      { method: "POST", path: "/checkout", status: 201, body: order },
      { path: "/orders/ord1", body: order },
    ]);
    renderApp("/checkout");
    expect(await screen.findByText("$1,000.00")).toBeInTheDocument();
    expect(screen.getAllByText("$649.00").length).toBeGreaterThan(0);
    expect(screen.getByText("Used")).toBeInTheDocument();
    // When the shopper double-clicks Place order
    const button = screen.getByRole("button", { name: "Place order" });
    await userEvent.dblClick(button);
    // Then one order is placed, with an Idempotency-Key, and the confirmation names its number
    expect(await screen.findByRole("heading", { level: 1, name: "Order ES-7KQ2-9XPA" })).toBeInTheDocument();
    const posts = api.calls.filter((c) => c.method === "POST" && c.path === "/checkout");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(posts[0]?.body ?? "{}")).toEqual({ expectedTotal: usd(64900) });
  });

  it("retries a failed attempt with the same Idempotency-Key and shows the API's message", async () => {
    // Given a checkout the API refuses the first time
    const api = fakeApi([
      { path: "/cart", body: cart },
      { path: "/wallet", body: { balance: usd(100000) } },
      {
        method: "POST",
        path: "/checkout",
        status: 409,
        body: {
          error: { code: "OUT_OF_STOCK", message: "Some items are out of stock.", details: [] },
          requestId: "r",
        },
      },
    ]);
    renderApp("/checkout");
    const button = await screen.findByRole("button", { name: "Place order" });
    // When the shopper tries twice
    await userEvent.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent("Some items are out of stock.");
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));
    // Then both attempts carried the same key: a retry can never make two orders
    const keys = api.calls.filter((c) => c.method === "POST").map((c) => c.headers.get("idempotency-key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it("does not let the shopper place an order the wallet does not cover", async () => {
    fakeApi([
      { path: "/cart", body: cart },
      { path: "/wallet", body: { balance: usd(100) } },
    ]);
    renderApp("/checkout");
    expect(await screen.findByText(/Your wallet does not cover this order/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Place order" })).toBeDisabled();
  });
});
