import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, SecretBoxError } from "@/lib/crypto/secret-box";

const APP_SECRET = "a test app secret that is long enough!!";
const KEY = "sk-test-0123456789abcdef";

describe("provider credential encryption", () => {
  it("round-trips a key and stores it as iv.tag.ciphertext without the plaintext", () => {
    const sealed = sealSecret(KEY, "business-a:openai", APP_SECRET);
    expect(sealed).toMatch(/^[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain(KEY);
    expect(openSecret(sealed, "business-a:openai", APP_SECRET)).toBe(KEY);
  });

  it("gives a different ciphertext every time (random IV), even for the same key", () => {
    const a = sealSecret(KEY, "business-a:openai", APP_SECRET);
    const b = sealSecret(KEY, "business-b:openai", APP_SECRET);
    const again = sealSecret(KEY, "business-a:openai", APP_SECRET);
    expect(new Set([a, b, again]).size).toBe(3);
    expect(a.split(".")[0]).not.toBe(again.split(".")[0]);
  });

  it("refuses a ciphertext that was altered", () => {
    const [iv, tag, ciphertext] = sealSecret(KEY, "ctx", APP_SECRET).split(".") as [string, string, string];
    const bytes = Buffer.from(ciphertext, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    expect(() => openSecret([iv, tag, bytes.toString("base64url")].join("."), "ctx", APP_SECRET)).toThrow(SecretBoxError);
    expect(() => openSecret("not.a.box", "ctx", APP_SECRET)).toThrow(SecretBoxError);
    expect(() => openSecret("garbage", "ctx", APP_SECRET)).toThrow(SecretBoxError);
  });

  it("refuses a ciphertext moved to another business or opened with another app secret", () => {
    const sealed = sealSecret(KEY, "business-a:openai", APP_SECRET);
    expect(() => openSecret(sealed, "business-b:openai", APP_SECRET)).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, "business-a:openai", `${APP_SECRET}x`)).toThrow(SecretBoxError);
  });
});
