import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./support";

test("a seller imports a CSV, watches it finish and sees the bad row's error and report", async ({
  page,
}) => {
  const run = Date.now().toString(36);
  const csv = [
    "sku,title,brand,category,price,stock,tags",
    `IMP-${run}-1,Import Lamp ${run},Lumen,Home,19.99,4,lamps`,
    `IMP-${run}-2,Import Chair ${run},Sitwell,Home,45.00,2,`,
    `IMP-${run}-3,Import Broken ${run},Nobody,Home,twelve,1,`,
  ].join("\n");

  // Given the demo seller on the import page
  await page.goto("/signin?next=/seller/imports");
  await signIn(page, "seller@estore.local", DEMO_PASSWORD);
  await expect(page.getByRole("heading", { level: 1, name: "Import products from a CSV" })).toBeVisible();

  // When they upload a CSV of three rows, one with a price that is not a number
  await page.getByLabel("CSV or ZIP file").setInputFiles({
    name: `products-${run}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await page.getByRole("button", { name: "Start import" }).click();

  // Then the import's page follows it to the end: two created, one failed
  // (scoped to the import's own section: the list of imports below says "Done, with errors" too)
  const detail = page.getByRole("region", { name: `products-${run}.csv` });
  await expect(detail.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
  await expect(detail.getByRole("status")).toHaveText("Done, with errors", { timeout: 120_000 });
  const summary = detail.locator("dl.summary");
  await expect(summary).toContainText("Created2");
  await expect(summary).toContainText("Failed1");

  // And the row errors name line 4's price, with the failed rows as a report to download
  const errors = page.getByRole("region", { name: "Row errors" });
  await expect(errors.getByRole("row").filter({ hasText: "price" })).toContainText("4");
  await expect(page.getByRole("link", { name: "Download the failed rows (CSV)" })).toHaveAttribute(
    "href",
    /^http/,
  );

  // And the import is listed among the seller's imports
  await expect(
    page.getByRole("region", { name: "Your imports" }).getByRole("link", { name: `products-${run}.csv` }),
  ).toBeVisible();
});
