import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, offer, product, renderApp, usd } from "../../test/render";

const used = offer({
  id: "o2",
  sellerId: "s2",
  sellerName: "Second Spin",
  condition: "used",
  conditionNote: "Built once and displayed; complete with box.",
  price: usd(64900),
  stock: 1,
});

afterEach(() => vi.unstubAllGlobals());

describe("the product page", () => {
  it("shows the best offer and, under Other sellers, the used offer with its note, seller and rating", async () => {
    // Given a product with a new and a used offer
    fakeApi([
      { path: "/products/p1/offers", body: { items: [offer(), used] } },
      { path: "/products/p1/reviews", body: { items: [] } },
      { path: "/products/p1", body: product() },
      { path: "/sellers/s2", body: { id: "s2", storeName: "Second Spin", rating: 4.5, reviewCount: 12 } },
      { path: "/sellers/s1", body: { id: "s1", storeName: "Brick Harbor", rating: null, reviewCount: 0 } },
      { path: "/cart", body: { items: [], total: usd(0) } },
    ]);
    // When the shopper opens it
    renderApp("/products/p1");
    // Then
    expect(await screen.findByRole("heading", { level: 1, name: /Millennium Falcon/ })).toBeInTheDocument();
    expect(
      within(screen.getByRole("region", { name: "Best offer" })).getByText("$849.99"),
    ).toBeInTheDocument();
    const others = screen.getByRole("region", { name: "Other sellers" });
    expect(await within(others).findByText("Used")).toBeInTheDocument();
    expect(within(others).getByText("Built once and displayed; complete with box.")).toBeInTheDocument();
    expect(within(others).getByText("$649.00")).toBeInTheDocument();
    expect(await within(others).findByText("★ 4.5 (12 reviews)")).toBeInTheDocument();
  });

  it("adds the chosen quantity of the best offer to the cart", async () => {
    // Given a signed-in shopper on a product page
    const api = fakeApi([
      { path: "/products/p1/offers", body: { items: [offer()] } },
      { path: "/products/p1/reviews", body: { items: [] } },
      { path: "/products/p1", body: product() },
      { path: "/sellers/", body: { id: "s1", storeName: "Brick Harbor", rating: null, reviewCount: 0 } },
      { path: "/cart", body: { items: [], total: usd(0) } },
      { method: "POST", path: "/cart/items", body: { items: [], total: usd(169998) } },
    ]);
    renderApp("/products/p1");
    const box = await screen.findByRole("region", { name: "Best offer" });
    // When they pick 2 and press Add to cart
    await userEvent.selectOptions(within(box).getByLabelText("Quantity"), "2");
    await userEvent.click(within(box).getByRole("button", { name: "Add to cart" }));
    // Then the API is asked for two of that offer, with the shopper's token
    expect(await screen.findByText(/Added to your cart/)).toBeInTheDocument();
    const add = api.calls.find((c) => c.method === "POST" && c.path === "/cart/items");
    expect(JSON.parse(add?.body ?? "{}")).toEqual({ offerId: "o1", quantity: 2 });
    expect(add?.headers.get("authorization")).toBe("Bearer token-ada");
  });

  it("shows the API's error message when the product does not exist", async () => {
    fakeApi([{ path: "/cart", body: { items: [], total: usd(0) } }]);
    renderApp("/products/nope");
    expect(await screen.findByRole("heading", { name: "Product not found" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("No route");
  });
});
