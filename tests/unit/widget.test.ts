import { describe, expect, it } from "vitest";
import { originAllowed, parseOrigin } from "@/lib/widget/origins";
import { widgetSettingsInput } from "@/lib/widget/schemas";
import { signVisitorToken, verifyVisitorToken, VISITOR_TOKEN_TTL_SECONDS } from "@/lib/widget/token";

const claims = { businessId: crypto.randomUUID(), contactId: crypto.randomUUID(), conversationId: crypto.randomUUID(), origin: "https://shop.example.com" };

describe("visitor tokens", () => {
  it("verify with their claims until they expire", () => {
    const now = Date.now();
    const { token, expiresAt } = signVisitorToken(claims, now);
    expect(verifyVisitorToken(token, now)).toMatchObject(claims);
    expect(expiresAt.getTime()).toBe(Math.floor(now / 1000 + VISITOR_TOKEN_TTL_SECONDS) * 1000);
    expect(() => verifyVisitorToken(token, expiresAt.getTime())).toThrow(/expired/);
  });

  it("refuse a token whose claims were changed, or whose signature was", () => {
    const { token } = signVisitorToken(claims);
    const [body, signature] = token.split(".") as [string, string];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, conversationId: crypto.randomUUID() })).toString("base64url");
    expect(() => verifyVisitorToken(`${forged}.${signature}`)).toThrow(/not valid/);
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    expect(() => verifyVisitorToken(`${body}.${flipped}`)).toThrow(/not valid/);
    for (const junk of ["", "abc", `${body}.`, `${body}.${signature}.x`]) expect(() => verifyVisitorToken(junk)).toThrow(/not valid/);
  });
});

describe("widget origins", () => {
  it("accept https origins and http only for localhost, in canonical form", () => {
    expect(parseOrigin("https://Shop.Example.com/")).toEqual({ origin: "https://shop.example.com" });
    expect(parseOrigin("http://localhost:5173")).toEqual({ origin: "http://localhost:5173" });
    expect(parseOrigin("https://shop.example.com:443")).toEqual({ origin: "https://shop.example.com" });
    expect(parseOrigin("http://shop.example.com")).toHaveProperty("error", expect.stringMatching(/localhost/));
    expect(parseOrigin("https://shop.example.com/path")).toHaveProperty("error");
    expect(parseOrigin("https://*.example.com")).toHaveProperty("error");
    expect(parseOrigin("javascript:alert(1)")).toHaveProperty("error");
    expect(parseOrigin("not a url")).toHaveProperty("error");
  });

  it("match exactly: scheme, host and port", () => {
    const allowed = ["https://shop.example.com", "http://localhost:5173"];
    expect(originAllowed("https://shop.example.com", allowed)).toBe(true);
    expect(originAllowed("http://localhost:5173", allowed)).toBe(true);
    expect(originAllowed("http://localhost:5174", allowed)).toBe(false);
    expect(originAllowed("http://shop.example.com", allowed)).toBe(false);
    expect(originAllowed("https://evil.shop.example.com", allowed)).toBe(false);
    expect(originAllowed("https://shop.example.com.evil.net", allowed)).toBe(false);
    expect(originAllowed("null", allowed)).toBe(false);
    expect(originAllowed(null, allowed)).toBe(false);
  });

  it("settings validate each origin with a message at its index", () => {
    const parsed = widgetSettingsInput.safeParse({ allowedOrigins: ["https://a.example", "ftp://b.example"], color: "red" });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["allowedOrigins.1", "color"]));
    expect(widgetSettingsInput.parse({ allowedOrigins: ["https://A.example/", "https://a.example"], greeting: "" })).toEqual({ allowedOrigins: ["https://a.example"], greeting: null });
  });
});
