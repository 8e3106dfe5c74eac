import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { business } from "@/db/schema";
import { processWide } from "@/lib/process-wide";
import { originAllowed } from "./origins";

/**
 * The business's allowed origins, remembered for a few seconds: live visitor sockets ask on every
 * event. A change on this instance is seen at once; other instances see it within the TTL.
 */
const cache = processWide("widget.allowedOrigins", () => new Map<string, { origins: string[]; at: number }>());
const TTL_MS = 5000;

/** Whether the page a visitor's token was issued for is still allowed, and the business still live. */
export async function originStillAllowed(businessId: string, origin: string): Promise<boolean> {
  let cached = cache.get(businessId);
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const db = await getDb();
    const [row] = await db.select({ settings: business.widgetSettings }).from(business).where(and(eq(business.id, businessId), isNull(business.archivedAt)));
    cached = { origins: row?.settings.allowedOrigins ?? [], at: Date.now() };
    if (cache.size > 10_000) cache.clear();
    cache.set(businessId, cached);
  }
  return originAllowed(origin, cached.origins);
}

/** Called when a business's widget settings change or it is archived. */
export function forgetAllowedOrigins(businessId: string): void {
  cache.delete(businessId);
}
