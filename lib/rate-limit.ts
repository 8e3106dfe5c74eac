import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "@/lib/errors";
import { redis } from "@/lib/redis";

export type LimiterOptions = {
  /** Unique per limiter: keys of different limiters never mix. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
};

const limitersKey = Symbol.for("parley.rateLimiters");
type LimiterHolder = { [limitersKey]?: Map<string, RateLimiterAbstract> };

/** A limiter in Redis when REDIS_URL is set (shared by every instance), in memory otherwise. */
export function limiter(options: LimiterOptions): RateLimiterAbstract {
  const holder = globalThis as LimiterHolder;
  const limiters = (holder[limitersKey] ??= new Map());
  const existing = limiters.get(options.keyPrefix);
  if (existing) return existing;
  const config = {
    keyPrefix: `parley:${options.keyPrefix}`,
    points: options.points,
    duration: options.durationSeconds,
    blockDuration: options.blockSeconds ?? 0,
  };
  const client = redis();
  const created = client ? new RateLimiterRedis({ ...config, storeClient: client }) : new RateLimiterMemory(config);
  limiters.set(options.keyPrefix, created);
  return created;
}

/** Spends one point, or throws RateLimitedError with the time until the key may try again. */
export async function consume(rateLimiter: RateLimiterAbstract, key: string, detail?: string): Promise<void> {
  try {
    await rateLimiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(rejection.msBeforeNext / 1000, detail);
    throw rejection;
  }
}

/** Throws RateLimitedError when the key has no points left, without spending one. */
export async function assertNotLimited(rateLimiter: RateLimiterAbstract, key: string, detail?: string): Promise<void> {
  const state = await rateLimiter.get(key);
  if (state && state.consumedPoints >= rateLimiter.points) {
    throw new RateLimitedError(state.msBeforeNext / 1000, detail);
  }
}
