import { RateLimiterRedis } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * With REDIS_URL set, login throttling lives in Redis so that every instance shares it. Runs when
 * TEST_REDIS_URL points at a Redis server (CI sets it); this file swaps the process's settings,
 * so it resets the cached ones around itself.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const singletons = ["parley.env", "parley.redis", "parley.rateLimiters"].map((name) => Symbol.for(name));
const holder = globalThis as unknown as Record<symbol, unknown>;

function resetSingletons() {
  for (const key of singletons) delete holder[key];
}

describe.runIf(redisUrl)("login throttling on Redis", () => {
  beforeAll(() => {
    resetSingletons();
    process.env.REDIS_URL = redisUrl;
  });

  afterAll(async () => {
    const { redis } = await import("@/lib/redis");
    await redis()?.quit();
    delete process.env.REDIS_URL;
    resetSingletons();
  });

  it("stores the counters in Redis and blocks the fifth failure's address", async () => {
    const { limiter } = await import("@/lib/rate-limit");
    const { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } = await import("@/lib/auth/login-throttle");
    expect(limiter({ keyPrefix: "login-ip", points: 50, durationSeconds: 900 })).toBeInstanceOf(RateLimiterRedis);

    const email = `redis-${Date.now()}@example.com`;
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) await recordLoginFailure(email, ip);
    await expect(assertLoginAllowed(email, ip)).rejects.toMatchObject({ code: "rate_limited" });
    await expect(assertLoginAllowed(email, "198.51.100.200")).resolves.toBeUndefined();

    const { redis } = await import("@/lib/redis");
    expect(await redis()!.exists(`parley:login-account-ip:${email}|${ip}`)).toBe(1);
    await recordLoginSuccess(email, ip);
    expect(await redis()!.exists(`parley:login-account-ip:${email}|${ip}`)).toBe(0);
  });
});
