import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeApi, renderApp } from "../../test/render";

const ADMIN = { email: "root@example.com", groups: ["admins"], accessToken: "token-root" };

afterEach(() => vi.unstubAllGlobals());

// The app loads this page lazily; importing its chunk first means the test waits for React, not for Vite's
// transform of the chunk (which took seconds on a loaded machine).
beforeAll(async () => {
  await import("./AdminPage");
});

describe("the admin's sellers", () => {
  it("offer Reinstate for a suspended seller and Suspend for an active one", async () => {
    // Given one suspended and one active seller
    const api = fakeApi([
      {
        method: "POST",
        path: "/admin/sellers/s2/reinstate",
        body: {
          id: "s2",
          storeName: "Second Spin",
          status: "ACTIVE",
          reviewCount: 0,
          createdAt: "2026-12-01T10:00:00Z",
        },
      },
      {
        path: "/admin/sellers",
        body: {
          items: [
            { id: "s1", storeName: "Brick Harbor", status: "ACTIVE" },
            { id: "s2", storeName: "Second Spin", status: "SUSPENDED" },
          ],
        },
      },
      { path: "/admin/orders", body: { items: [] } },
      { path: "/admin/ledger/trial-balance", body: { balanced: true, entries: 0, accounts: 0 } },
      { path: "/cart", body: { items: [], total: { amount: 0, currency: "USD" } } },
    ]);
    renderApp("/admin", { identity: ADMIN });
    // When the admin reinstates Second Spin
    // (by label, not by role: jsdom computes every element's role and name on each poll, which took seconds)
    expect(await screen.findByLabelText("Suspend Brick Harbor")).toBeInTheDocument();
    expect(screen.queryByLabelText("Suspend Second Spin")).toBeNull();
    await userEvent.click(screen.getByLabelText("Reinstate Second Spin"));
    // Then the API is asked to reinstate that seller
    await vi.waitFor(() =>
      expect(api.calls.some((c) => c.method === "POST" && c.path === "/admin/sellers/s2/reinstate")).toBe(
        true,
      ),
    );
  });
});
