import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderApp } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

describe("pages for signed-in users", () => {
  it("send a visitor to sign in", async () => {
    fakeApi([]);
    renderApp("/orders", { identity: null });
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toBeInTheDocument();
  });

  it("send a customer who is not a seller to open a store", async () => {
    // The page is lazy-loaded: loaded first, so the test waits for the redirect, not for the module.
    await import("../features/seller/OpenStorePage");
    fakeApi([]);
    renderApp("/seller");
    expect(await screen.findByRole("heading", { name: "Open a store" })).toBeInTheDocument();
  });
});
