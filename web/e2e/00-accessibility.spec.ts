import { expect, test } from "@playwright/test";
import { CUSTOMER, expectAccessible, RECOMMENDATION_SHELF, SCREENSHOTS, signIn } from "./support";

for (const viewport of [
  { name: "phone", width: 375, height: 812 },
  { name: "desktop", width: 1280, height: 800 },
]) {
  test(`the main pages have no serious accessibility violation and fit a ${viewport.name}`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const fits = async () => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);
    };

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 2, name: RECOMMENDATION_SHELF })).toBeVisible();
    await expectAccessible(page);
    await fits();
    if (viewport.name === "phone") await page.screenshot({ path: `${SCREENSHOTS}storefront-phone.png` });

    await page.goto("/search?q=lego");
    await expect(page.getByRole("list", { name: "Search results" })).toBeVisible();
    await expectAccessible(page);
    await fits();

    await page.getByRole("list", { name: "Search results" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "Other sellers" })).toBeVisible();
    await expectAccessible(page);
    await fits();

    await page.goto("/signin");
    await expectAccessible(page);
    await signIn(page, CUSTOMER);

    // Checkout and the order confirmation, with a game bought
    await page.goto("/search?q=catan");
    await page
      .getByRole("link", { name: /Catan Board Game/ })
      .first()
      .click();
    await page
      .getByRole("region", { name: "Best offer" })
      .getByRole("button", { name: "Add to cart" })
      .click();
    await expect(page.getByText("Added to your cart.")).toBeVisible();
    await page.goto("/checkout");
    await expect(page.getByRole("button", { name: "Place order" })).toBeEnabled();
    await expectAccessible(page);
    await fits();
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Order ES-/ })).toBeVisible();
    await expectAccessible(page);
    await fits();
    for (const [path, heading] of [
      ["/cart", "Your cart"],
      ["/orders", "Your orders"],
      ["/wallet", "Your wallet"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0); // loaded
      await expectAccessible(page);
      await fits();
    }
  });
}
