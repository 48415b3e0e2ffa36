import { defineConfig } from "@playwright/test";

// Debian's Chromium (`make chromium`): browser downloads do not work here, never `playwright install`.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // One local cloud for the suite, scenarios in file order (the admin's suspension comes last).
  workers: 1,
  fullyParallel: false,
  // The local cloud runs every Lambda function in-process on a shared 2-core machine: waits are long.
  timeout: 240_000,
  expect: { timeout: 45_000 },
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 45_000,
    navigationTimeout: 45_000,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium" }],
});
