import { createHash } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { errorLog, type ErrorLogEntry } from "@/db/schema";
import { logger } from "./logger";

/**
 * Groups occurrences of one failure: the error's name, its message with volatile parts (ids,
 * numbers, quoted values) masked, and the top frames of the stack without line numbers' columns.
 */
export function fingerprintOf(error: Error): string {
  const message = error.message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<id>")
    .replace(/"[^"]*"|'[^']*'/g, "<str>")
    .replace(/\d+/g, "<n>");
  const frames = (error.stack ?? "")
    .split("\n")
    .slice(1, 4)
    .map((line) => line.trim().replace(/:\d+:\d+\)?$/, ""))
    .join("|");
  return createHash("sha256").update(`${error.name}\n${message}\n${frames}`).digest("hex").slice(0, 32);
}

/**
 * Logs an unexpected error and stores it under its fingerprint (count, first and last seen).
 * Never throws: failing to record an error must not hide the original one.
 */
export async function recordError(error: unknown, context: { source: string; requestId?: string }): Promise<void> {
  const err = error instanceof Error ? error : new Error(String(error));
  logger().error({ err, requestId: context.requestId, source: context.source }, "unexpected error");
  try {
    const db = await getDb();
    await db
      .insert(errorLog)
      .values({
        fingerprint: fingerprintOf(err),
        name: err.name,
        message: err.message.slice(0, 2000),
        stack: err.stack?.slice(0, 8000) ?? null,
        source: context.source,
        lastRequestId: context.requestId ?? null,
      })
      .onConflictDoUpdate({
        target: errorLog.fingerprint,
        set: {
          count: sql`${errorLog.count} + 1`,
          lastSeenAt: sql`now()`,
          lastRequestId: context.requestId ?? null,
          message: err.message.slice(0, 2000),
        },
      });
  } catch (storeError) {
    logger().error({ err: storeError }, "could not store an error in the error log");
  }
}

/** The most recent error groups, newest first (for `npm run errors`). */
export async function listErrors(limit = 50): Promise<ErrorLogEntry[]> {
  const db = await getDb();
  return db.select().from(errorLog).orderBy(desc(errorLog.lastSeenAt)).limit(limit);
}
