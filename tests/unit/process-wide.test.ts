import { describe, expect, it, vi } from "vitest";

describe("processWide", () => {
  it("gives two copies of a module (the Next.js bundle's and server.ts's) the same value", async () => {
    const bundled = await import("@/lib/process-wide");
    vi.resetModules();
    const server = await import("@/lib/process-wide");
    expect(server.processWide).not.toBe(bundled.processWide);
    const cache = bundled.processWide("test.shared", () => new Map<string, number>());
    cache.set("acme", 1);
    expect(server.processWide("test.shared", () => new Map<string, number>()).get("acme")).toBe(1);
    expect(server.processWide("test.other", () => new Map<string, number>())).not.toBe(cache);
  });
});
