import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toPage } from "@/lib/pagination";
import { fingerprintOf } from "@/lib/observability/error-log";

describe("cursors", () => {
  it("round-trip a position and reject garbage as a validation error", () => {
    const position = { at: new Date("2026-01-02T03:04:05.678Z"), id: "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(() => decodeCursor("garbage")).toThrow(expect.objectContaining({ code: "validation_failed" }));
  });

  it("give a next cursor only when there is another page", () => {
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n), id: String(n) }));
    expect(toPage(rows, 2, (r) => r).nextCursor).toBe(encodeCursor(rows[1]!));
    expect(toPage(rows, 3, (r) => r)).toEqual({ data: rows, nextCursor: null });
  });
});

describe("error fingerprints", () => {
  const raise = (message: string) => {
    try {
      throw new Error(message);
    } catch (error) {
      return error as Error;
    }
  };

  it("group occurrences that differ only in ids and numbers", () => {
    const a = raise("order 12 for 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed failed");
    const b = raise("order 97 for 7c9e6679-7425-40de-944b-e07fc1f90ae7 failed");
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });

  it("separate different failures", () => {
    expect(fingerprintOf(raise("connection refused"))).not.toBe(fingerprintOf(raise("disk full")));
  });
});
