import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { importContentType, progressOf } from "../../api/imports";
// Loaded with the test file: the route imports it lazily, and transforming it inside a test took seconds.
import "./ImportsPage";
import { fakeApi, renderApp } from "../../test/render";

const SELLER = { email: "sam@example.com", groups: ["customers", "sellers"], accessToken: "token-sam" };

function job(overrides: Record<string, unknown> = {}) {
  return {
    importId: "i1",
    filename: "spring.csv",
    contentType: "text/csv",
    status: "RUNNING",
    rows: 3,
    processed: 1,
    created: 1,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    errorReport: null,
    createdAt: "2026-12-01T10:00:00Z",
    updatedAt: "2026-12-01T10:00:05Z",
    ...overrides,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("the import page", () => {
  it("shows a running import's progress as rows processed of rows", async () => {
    // Given an import one row into three
    fakeApi([
      { path: "/imports/i1", body: job() },
      { path: "/imports", body: { items: [job()] } },
    ]);
    // When the seller opens it
    renderApp("/seller/imports/i1", { identity: SELLER });
    // Then the progress bar is a third of the way
    const bar = await screen.findByRole("progressbar", { name: "Import progress" });
    expect(bar).toHaveAttribute("value", String(1 / 3));
    expect(screen.getByText(/Importing · 1 of 3 rows/)).toBeInTheDocument();
  });

  it("lists a finished import's row errors and links its error report", async () => {
    // Given an import that ended with one failed row
    const done = job({
      status: "PARTIAL",
      processed: 3,
      created: 2,
      failed: 1,
      errors: [{ row: 4, column: "price", message: "price must be a decimal like 12.50" }],
      errorReport: "http://s3.test/errors.csv?sig=1",
    });
    fakeApi([
      { path: "/imports/i1", body: done },
      { path: "/imports", body: { items: [done] } },
    ]);
    // When the seller opens it
    renderApp("/seller/imports/i1", { identity: SELLER });
    // Then the counts, the error of line 4 and the report are shown
    expect(await screen.findByText("Done, with errors")).toBeInTheDocument();
    const errors = screen.getByRole("region", { name: "Row errors" });
    const row = within(errors).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("4");
    expect(row).toHaveTextContent("price must be a decimal like 12.50");
    expect(screen.getByRole("link", { name: "Download the failed rows (CSV)" })).toHaveAttribute(
      "href",
      "http://s3.test/errors.csv?sig=1",
    );
  });

  it("lists the seller's imports under the upload form", async () => {
    fakeApi([{ path: "/imports", body: { items: [job({ status: "SUCCEEDED", created: 3 })] } }]);
    renderApp("/seller/imports", { identity: SELLER });
    expect(await screen.findByRole("link", { name: "spring.csv" })).toHaveAttribute(
      "href",
      "/seller/imports/i1",
    );
    expect(screen.getByText(/Done · 3 created, 0 updated, 0 failed/)).toBeInTheDocument();
    expect(screen.getByLabelText("CSV or ZIP file")).toBeInTheDocument();
  });
});

describe("import helpers", () => {
  it("count a finished import as complete whatever its rows", () => {
    expect(progressOf({ status: "FAILED", rows: 0, processed: 0 })).toBe(1);
    expect(progressOf({ status: "VALIDATING", rows: 0, processed: 0 })).toBe(0);
    expect(progressOf({ status: "RUNNING", rows: 4, processed: 1 })).toBe(0.25);
  });

  it("take CSV and ZIP files only, by type or name", () => {
    expect(importContentType(new File(["a"], "rows.CSV"))).toBe("text/csv");
    expect(importContentType(new File(["a"], "bundle.zip"))).toBe("application/zip");
    expect(importContentType(new File(["a"], "photo.png", { type: "image/png" }))).toBeNull();
  });
});
