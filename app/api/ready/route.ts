import { pingDb } from "@/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http/route";
import { pingRedis } from "@/lib/redis";

/** Readiness: the database answers, and Redis too when configured; 503 problem otherwise. */
export const GET = route({ public: true }, async () => {
  const [database, redis] = await Promise.all([pingDb(), pingRedis()]);
  if (!database || !redis) {
    const down = [!database && "database", !redis && "redis"].filter(Boolean).join(" and ");
    throw new AppError("not_ready", `Not ready: the ${down} did not answer.`);
  }
  return json({ status: "ready", checks: { database: "ok", redis: env().REDIS_URL ? "ok" : "not configured" } });
});
