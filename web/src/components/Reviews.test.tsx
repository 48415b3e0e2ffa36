import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, offer, product, renderApp, usd } from "../test/render";
import { ratingText } from "./Reviews";

afterEach(() => vi.unstubAllGlobals());

const review = {
  id: "r1",
  kind: "product",
  subjectId: "p1",
  authorId: "u1",
  orderId: null,
  rating: 4,
  title: "<b>Great</b> set",
  text: "Took a weekend.",
  verifiedPurchase: true,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
};

const productRoutes = [
  { path: "/products/p1/offers", body: { items: [offer()] } },
  { path: "/products/p1/reviews", body: { items: [review] } },
  { path: "/products/p1", body: product({ rating: 4, reviewCount: 1 }) },
  { path: "/sellers/", body: { id: "s1", storeName: "Brick Harbor", rating: null, reviewCount: 0 } },
  { path: "/cart", body: { items: [], total: usd(0) } },
];

describe("reviews", () => {
  it("show a product's rating and its reviews as plain text", async () => {
    fakeApi(productRoutes);
    renderApp("/products/p1");
    const section = await screen.findByRole("region", { name: "Reviews" });
    expect(within(section).getByText("★ 4.0 (1 review)")).toBeInTheDocument();
    expect(await within(section).findByText("<b>Great</b> set")).toBeInTheDocument();
    expect(within(section).getByLabelText("4 out of 5 stars")).toBeInTheDocument();
  });

  it("post the stars, title and text, and say plainly when the customer did not buy it", async () => {
    const api = fakeApi([
      {
        method: "POST",
        path: "/products/p1/reviews",
        status: 403,
        body: { error: { code: "NOT_A_BUYER", message: "no order", details: [] }, requestId: "r" },
      },
      ...productRoutes,
    ]);
    renderApp("/products/p1");
    const form = await screen.findByRole("form", { name: "Review this product" });
    await userEvent.click(within(form).getByLabelText("5 stars"));
    await userEvent.type(within(form).getByLabelText("Review title"), "Superb");
    await userEvent.type(within(form).getByLabelText("Your review"), "Worth it.");
    await userEvent.click(within(form).getByRole("button", { name: "Post review" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "Only customers who ordered it can review it.",
    );
    const post = api.calls.find((call) => call.method === "POST");
    expect(JSON.parse(post?.body ?? "{}")).toEqual({ rating: 5, title: "Superb", text: "Worth it." });
  });

  it("let the customer rate each seller of an order", async () => {
    const order = {
      id: "ord1",
      number: "ES-1",
      status: "PLACED",
      createdAt: "2026-12-01T10:00:00Z",
      total: usd(84999),
      lines: [
        {
          offerId: "o1",
          productId: "p1",
          sellerId: "s1",
          sellerName: "Brick Harbor",
          title: "LEGO Falcon",
          condition: "new",
          quantity: 1,
          unitPrice: usd(84999),
          lineTotal: usd(84999),
        },
      ],
    };
    const api = fakeApi([
      { method: "POST", path: "/sellers/s1/reviews", status: 201, body: { ...review, kind: "seller" } },
      { path: "/orders/ord1", body: order },
      { path: "/cart", body: { items: [], total: usd(0) } },
    ]);
    renderApp("/orders/ord1");
    const form = await screen.findByRole("form", { name: "Rate Brick Harbor" });
    await userEvent.click(within(form).getByLabelText("4 stars"));
    await userEvent.type(within(form).getByLabelText("Your review"), "Quick.");
    await userEvent.click(within(form).getByRole("button", { name: "Post feedback for Brick Harbor" }));
    expect(await screen.findByText("Thank you for your review.")).toBeInTheDocument();
    const post = api.calls.find((call) => call.method === "POST");
    expect(JSON.parse(post?.body ?? "{}")).toEqual({ orderId: "ord1", rating: 4, text: "Quick." });
  });

  it("read 'No reviews yet' before the first", () => {
    expect(ratingText(null, 0)).toBe("No reviews yet");
    expect(ratingText(4.25, 8)).toBe("★ 4.3 (8 reviews)");
  });
});

describe("a seller's page", () => {
  it("shows the store's rating and its customers' feedback", async () => {
    fakeApi([
      {
        path: "/sellers/s1/reviews",
        body: { items: [{ ...review, kind: "seller", title: null, text: "Quick." }] },
      },
      { path: "/sellers/s1", body: { id: "s1", storeName: "Brick Harbor", rating: 4, reviewCount: 1 } },
      { path: "/cart", body: { items: [], total: usd(0) } },
    ]);
    renderApp("/sellers/s1");
    expect(await screen.findByRole("heading", { level: 1, name: "Brick Harbor" })).toBeInTheDocument();
    expect(screen.getByText("★ 4.0 (1 review)")).toBeInTheDocument();
    expect(await screen.findByText("Quick.")).toBeInTheDocument();
  });
});
