import { expect, test } from "@playwright/test";
import { CUSTOMER, RECOMMENDATION_SHELF, SCREENSHOTS, signIn } from "./support";

test("a shopper finds LEGO despite a typo, sees other sellers, signs in, orders and finds the order", async ({
  page,
}) => {
  // Given the demo store, when a shopper searches with a typo
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Welcome to Estore" })).toBeVisible();
  // The recommendations shelf (GET /recommendations) comes first
  const shelf = page.getByRole("list", { name: RECOMMENDATION_SHELF });
  await expect(shelf.getByRole("link").first()).toBeVisible();
  // (the README's screenshot shows the shelf's photos, not their grey boxes while they load)
  const photosInView = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>("main img"))
        .filter((img) => {
          const box = img.getBoundingClientRect(); // lazy photos below the fold never load
          return box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
        })
        .every((img) => img.complete && img.naturalWidth > 0),
    );
  await expect.poll(photosInView).toBe(true);
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

  // And top up their wallet with the fake provider (the demo wallet does not cover the set)
  await page.getByRole("link", { name: "Wallet", exact: true }).click();
  const topUp = page.getByRole("form", { name: "Add money" });
  await topUp.getByLabel(/^Amount/).fill("1000");
  await topUp.getByRole("button", { name: "Deposit" }).click();
  await expect(topUp.getByRole("status")).toBeVisible();

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

  // And "you may also like" suggests other products
  await expect(page.getByRole("list", { name: "You may also like" }).getByRole("link").first()).toBeVisible();

  // When they rate the seller of that order, the seller's rating shows it
  const feedback = page.getByRole("form", { name: /^Rate / });
  await feedback.getByLabel("5 stars").check();
  await feedback.getByLabel("Your review").fill("Fast shipping, well packed.");
  await feedback.getByRole("button", { name: /^Post feedback for/ }).click();
  await expect(page.getByText("Thank you for your review.")).toBeVisible();

  // And the order is listed under the shopper's orders
  await page.getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Your orders" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Order ${number}` })).toBeVisible();

  // And the product page shows its seller rated
  await page.getByRole("searchbox", { name: "Search" }).fill("Millennium Falcon");
  await page.getByRole("button", { name: "Search" }).click();
  await page
    .getByRole("link", { name: /LEGO Star Wars Millennium Falcon/ })
    .first()
    .click();
  await expect(page.getByRole("region", { name: "Best offer" })).toContainText(/★ \d\.\d \(\d+ reviews?\)/);
  await expect(page.getByRole("region", { name: "Reviews" })).toBeVisible();
});

test("a wrong password gets a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(CUSTOMER);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
});
