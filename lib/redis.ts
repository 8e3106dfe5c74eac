import { Redis } from "ioredis";
import { env } from "@/lib/env";

const redisKey = Symbol.for("parley.redis");
type RedisHolder = { [redisKey]?: Redis | null };

/** The shared Redis connection when REDIS_URL is set, otherwise null (in-process fallbacks). */
export function redis(): Redis | null {
  const holder = globalThis as RedisHolder;
  if (holder[redisKey] === undefined) {
    const url = env().REDIS_URL;
    holder[redisKey] = url
      ? new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false })
      : null;
  }
  return holder[redisKey];
}

/** True when Redis is not configured or answers PING. */
export async function pingRedis(): Promise<boolean> {
  const client = redis();
  if (!client) return true;
  try {
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  }
}
