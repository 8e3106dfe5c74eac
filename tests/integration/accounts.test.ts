import { describe, expect, it } from "vitest";
import { authenticate, completeSetup, needsSetup, signUp } from "@/lib/auth/accounts";
import { makeUser } from "./helpers";

const password = "a long enough passphrase";

describe("sign-up and sign-in", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const user = await makeUser("signin");
    const found = await authenticate(user.email.toUpperCase(), password, "192.0.2.1");
    expect(found.id).toBe(user.id);
  });

  it("answers the same invalid_credentials for a wrong password and an unknown email", async () => {
    const user = await makeUser("wrong");
    await expect(authenticate(user.email, "not the password", "192.0.2.2")).rejects.toMatchObject({ code: "invalid_credentials" });
    await expect(authenticate("nobody-here@example.com", password, "192.0.2.2")).rejects.toMatchObject({
      code: "invalid_credentials",
      message: "The email or password is incorrect",
    });
  });

  it("refuses a duplicate email and a common password", async () => {
    const user = await makeUser("dup");
    await expect(signUp({ name: "Dup", email: user.email, password }, "192.0.2.3")).rejects.toMatchObject({ code: "conflict" });
    await expect(signUp({ name: "Weak", email: "weak@example.com", password: "password123" }, "192.0.2.3")).rejects.toMatchObject({
      code: "validation_failed",
      extra: { errors: [{ path: "password", message: expect.stringContaining("too common") }] },
    });
  });

  it("throttles guessing one account from one address without locking its owner out elsewhere", async () => {
    const user = await makeUser("throttle");
    for (let i = 0; i < 5; i++) {
      await expect(authenticate(user.email, `guess ${i}`, "198.51.100.7")).rejects.toMatchObject({ code: "invalid_credentials" });
    }
    // Even the right password is refused from the attacking address now…
    await expect(authenticate(user.email, password, "198.51.100.7")).rejects.toMatchObject({
      code: "rate_limited",
      extra: { retryAfterSeconds: expect.any(Number) },
    });
    // …but the real user, from their own address, signs in.
    expect((await authenticate(user.email, password, "203.0.113.9")).id).toBe(user.id);
  });
});

describe("first-run setup", () => {
  it("is closed once any account exists", async () => {
    await makeUser("exists");
    expect(await needsSetup()).toBe(false);
    await expect(completeSetup({ name: "Late", email: "late@example.com", password, businessName: "Late Co", start: "empty" })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});
