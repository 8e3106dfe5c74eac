import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("needs nothing to start: embedded database, port 3000, info logs", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", LOG_LEVEL: "info", TRUST_PROXY: false });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.dataDir).toMatch(/\.data$/);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad setting with a clear message", () => {
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud", REDIS_URL: "localhost:6379" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as EnvError).message;
      expect(message).toContain("PORT must be a port number");
      expect(message).toContain("DATABASE_URL must start with postgres://");
      expect(message).toContain("LOG_LEVEL");
      expect(message).toContain("REDIS_URL must start with redis://");
    }
  });

  it("requires AUTH_SECRET in production on PostgreSQL, not on the embedded database", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/parley" })).toThrow(/AUTH_SECRET is required/);
    expect(() => parseEnv({ NODE_ENV: "production" })).not.toThrow();
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET must be at least 32 characters/);
  });
});
