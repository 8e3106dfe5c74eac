import { describe, expect, it } from "vitest";
import type { CaptureField } from "@/db/schema";
import { checkCapture, missingRequired } from "@/lib/engine/capture";

const field = (type: CaptureField["type"], extra: Partial<CaptureField> = {}): CaptureField => ({ key: "f", label: "Field", type, required: true, ...extra });

describe("capturing a field", () => {
  it.each([
    ["email", " Ana@Example.COM ", "ana@example.com"],
    ["phone", "+1 (415) 555-0100", "+14155550100"],
    ["number", "1,250.5", 1250.5],
    ["date", "2026-03-01", "2026-03-01"],
    ["text", "  Ana  ", "Ana"],
  ] as const)("accepts a valid %s and normalises it", (type, raw, value) => {
    expect(checkCapture(field(type), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ["email", "ana@example"],
    ["phone", "call me"],
    ["phone", "12345"],
    ["number", "twelve"],
    ["date", "2026-02-31"],
    ["date", "01/03/2026"],
    ["text", "   "],
  ] as const)("refuses an invalid %s (%s) with a reason", (type, raw) => {
    const verdict = checkCapture(field(type), raw);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason.length).toBeGreaterThan(5);
  });

  it("matches choices case-insensitively and keeps the option's spelling", () => {
    const plan = field("choice", { options: ["Basic", "Pro"] });
    expect(checkCapture(plan, "pro")).toEqual({ ok: true, value: "Pro" });
    expect(checkCapture(plan, "Enterprise")).toMatchObject({ ok: false, reason: expect.stringContaining("“Basic”, “Pro”") });
  });

  it("lists the required fields still missing", () => {
    const fields = [field("email", { key: "email" }), field("text", { key: "note", required: false }), field("phone", { key: "phone" })];
    expect(missingRequired(fields, { email: "a@b.co" }).map((f) => f.key)).toEqual(["phone"]);
  });
});
