import { describe, expect, it } from "vitest";
import type { ProductSummary } from "../../api/types";
import { newArrivals } from "./HomePage";

const item = (id: string) => ({ id, title: id }) as unknown as ProductSummary;

describe("new arrivals", () => {
  it("merge the newest of each tag in turns, without duplicates", () => {
    const shelves = [[item("a1"), item("a2")], [item("b1"), item("a1")], [item("c1")]];
    expect(newArrivals(shelves).map((p) => p.id)).toEqual(["a1", "b1", "c1", "a2"]);
    expect(newArrivals(shelves, 2).map((p) => p.id)).toEqual(["a1", "b1"]);
  });
});
