import { expect, test } from "@playwright/test";
import { CUSTOMER, SCREENSHOTS, signIn } from "./support";

test("a shopper finds LEGO despite a typo, sees other sellers, signs in, orders and finds the order", async ({
  page,
}) => {
  // Given the demo store, when a shopper searches with a typo
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Welcome to Estore" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "New arrivals" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}storefront.png`, fullPage: false });
  await page.getByRole("searchbox", { name: "Search" }).fill("Legors");
  await page.getByRole("button", { name: "Search" }).click();

  // Then LEGO sets are found
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link", { name: /LEGO Star Wars Millennium Falcon/ })).toBeVisible();

  // When they open one, "Other sellers" lists a used offer with its note
  await results.getByRole("link", { name: /LEGO Star Wars Millennium Falcon/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Millennium Falcon/ })).toBeVisible();
  const others = page.getByRole("region", { name: "Other sellers" });
  await expect(others.getByText("Used", { exact: true })).toBeVisible();
  await expect(others.getByText(/Built once and displayed/)).toBeVisible();
  await expect(others.getByText(/Second Spin/)).toBeVisible();

  // When they add the best offer to the cart, they are asked to sign in, and come back
  await page.getByRole("region", { name: "Best offer" }).getByRole("button", { name: "Add to cart" }).click();
  await signIn(page, CUSTOMER);
  await expect(page.getByRole("heading", { level: 1, name: /Millennium Falcon/ })).toBeVisible();
  await page.getByRole("region", { name: "Best offer" }).getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart.")).toBeVisible();

  // And check out
  await page.getByRole("link", { name: /^Cart/ }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Millennium Falcon/ })).toBeVisible();
  await page.getByRole("link", { name: "Proceed to checkout" }).click();
  await expect(page.getByText("Wallet balance")).toBeVisible();
  await page.getByRole("button", { name: "Place order" }).click();

  // Then the confirmation names the order number in a heading
  const heading = page.getByRole("heading", { level: 1, name: /^Order ES-/ });
  await expect(heading).toBeVisible();
  const number = ((await heading.textContent()) ?? "").replace("Order ", "").trim();
  expect(number).toMatch(/^ES-/);

  // And the order is listed under the shopper's orders
  await page.getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Your orders" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Order ${number}` })).toBeVisible();
});

test("a wrong password gets a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(CUSTOMER);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
});
