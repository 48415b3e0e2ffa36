import { expect, test } from "@playwright/test";
import { png, randomColour, SCREENSHOTS, signIn } from "./support";

test("a new user signs up, opens a store and lists a product with photos and tags that search finds", async ({
  page,
}) => {
  const email = `web-${Date.now()}@example.com`;
  const password = "Web-e2e-Passw0rd!";
  const run = Date.now().toString(36);
  const title = `Robot Kit ${run}`;
  const store = `Robot Corner ${run}`;
  const photoA = png(randomColour());
  const photoB = png(randomColour());

  // Given a new account, confirmed and signed in
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Confirm your account" })).toBeVisible();
  await page.getByLabel("Confirmation code").fill("123456");
  await page.getByRole("button", { name: "Confirm account" }).click();
  await signIn(page, email, password);

  // When they open a store, the seller console appears without signing out
  await page.getByRole("link", { name: "Sell" }).click();
  await page.getByLabel("Store name").fill(store);
  await page.getByRole("button", { name: "Open my store" }).click();
  await expect(page.getByRole("heading", { name: `${store}: seller console` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Seller" })).toBeVisible();

  // And create a product: details
  await page.getByRole("link", { name: "New product" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Brand").fill("Makers");
  await page.getByLabel("Category").fill("Toys");
  await page.getByLabel("Description").fill("A small robot to build and program.");
  await page.getByRole("button", { name: "Next" }).click();

  // Images: a first photo goes to the library...
  await expect(page.getByRole("heading", { name: "New product: Images" })).toBeVisible();
  const files = page.getByLabel("Choose photos");
  await files.setInputFiles({ name: "robot-front.png", mimeType: "image/png", buffer: photoA });
  const uploads = page.getByRole("list", { name: "Uploads" });
  await expect(uploads.getByRole("listitem").filter({ hasText: "robot-front.png" })).toContainText(
    "Uploaded",
  );
  // ...then a second new photo, the same first photo again, and an HTML page renamed .png
  await files.setInputFiles([
    { name: "robot-side.png", mimeType: "image/png", buffer: photoB },
    { name: "robot-front-copy.png", mimeType: "image/png", buffer: photoA },
    { name: "not-a-photo.png", mimeType: "image/png", buffer: Buffer.from("<!doctype html><p>hello</p>") },
  ]);
  await expect(uploads.getByRole("listitem").filter({ hasText: "robot-side.png" })).toContainText("Uploaded");
  await expect(uploads.getByRole("listitem").filter({ hasText: "robot-front-copy.png" })).toContainText(
    "Already in your library",
  );
  const rejected = uploads.getByRole("listitem").filter({ hasText: "not-a-photo.png" });
  await expect(rejected).toContainText("Rejected");
  await page.screenshot({ path: `${SCREENSHOTS}new-product.png`, fullPage: true });
  await page.getByRole("button", { name: "Next" }).click();

  // Tags: one picked from the suggestions, one new
  await page.getByLabel("Tag", { exact: true }).fill("LE");
  await page.getByRole("list", { name: "Suggested tags" }).getByRole("button", { name: "LEGO" }).click();
  await page.getByLabel("Tag", { exact: true }).fill("Robots");
  await page.getByRole("button", { name: "Add tag" }).click();
  const chosen = page.getByRole("list", { name: "Chosen tags" });
  await expect(chosen.getByRole("listitem")).toHaveCount(2);
  await page.getByRole("button", { name: "Next" }).click();

  // Offer, review, create
  await page.getByLabel("Price (USD)").fill("42.50");
  await page.getByLabel("Stock").fill("3");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "New product: Review" })).toBeVisible();
  await expect(page.getByText("$42.50")).toBeVisible();
  await page.getByRole("button", { name: "Create product" }).click();

  // Then the product page shows it with its two photos and tags
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("list", { name: "Photos" }).getByRole("button")).toHaveCount(2);
  await expect(page.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveCount(2);

  // And search finds it once the index has caught up (the indexer runs on the product's events)
  await expect(async () => {
    await page.goto(`/search?q=${encodeURIComponent(title)}`);
    await expect(
      page.getByRole("list", { name: "Search results" }).getByRole("link", { name: title }),
    ).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
});
