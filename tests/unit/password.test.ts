import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";

describe("passwordProblem", () => {
  it.each([
    ["seven77", /at least 8/],
    ["x".repeat(129), /at most 128/],
    ["password", /too common/],
    ["Password123", /too common/],
    ["qwertyuiop", /too common/],
  ])("refuses %j", (password, message) => {
    expect(passwordProblem(password)).toMatch(message);
  });

  it.each(["eight ch", "correct horse battery staple", "ünïcödé-pässwörd", "x".repeat(128)])("accepts %j with no composition rules", (password) => {
    expect(passwordProblem(password)).toBeNull();
  });
});

describe("hashing", () => {
  it("uses argon2id with at least 19 MiB and 2 iterations, and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });
});
