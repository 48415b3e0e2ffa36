import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./support";

test("an admin suspends a seller and that seller's offers leave search", async ({ page }) => {
  // Given Second Spin's headphones are found by search
  await page.goto("/search?q=headphones");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link", { name: /Sony WH-1000XM5/ })).toBeVisible();

  // When an admin suspends Second Spin
  await page.goto("/signin?next=/admin");
  await signIn(page, ADMIN);
  await expect(page.getByRole("heading", { name: "Admin" })).toBeVisible();
  await expect(page.getByText("Balanced: debits equal credits.")).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Suspend Second Spin" }).click();
  const sellers = page.getByRole("region", { name: "Sellers" });
  await expect(sellers.getByRole("listitem").filter({ hasText: "Second Spin" })).toContainText("Suspended");

  // Then its offers leave search
  await expect(async () => {
    await page.goto("/search?q=headphones");
    await expect(page.getByRole("heading", { name: /Results for/ })).toBeVisible();
    await expect(page.getByText(/Nothing matches|Search results/).first()).toBeVisible({ timeout: 5_000 });
    await expect(page.getByRole("link", { name: /Sony WH-1000XM5/ })).toHaveCount(0);
  }).toPass({ timeout: 120_000 });

  // And when the admin reinstates it, it is active again
  await page.goto("/admin");
  await page.getByRole("button", { name: "Reinstate Second Spin" }).click();
  await expect(sellers.getByRole("listitem").filter({ hasText: "Second Spin" })).toContainText("Active");
  await expect(page.getByRole("button", { name: "Suspend Second Spin" })).toBeVisible();
});
